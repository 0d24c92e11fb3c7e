/** What the route manifest says about one route (see functions/routes.ts). */
export type Access = 'public' | 'user' | 'admin';

/** What the route's function may do to the table: CDK grants exactly this (least privilege). */
export type TableAccess = 'none' | 'read' | 'readWrite';

import type { SecretName } from '../secrets.ts';

/** AWS permissions beyond the table that a function needs; CDK grants exactly these. */
export type Grant =
  | 'publishEvents'
  | 'deleteSignIn'
  | 'sendEmail'
  /** kms:GenerateDataKey + kms:Decrypt on the token key, only for calendar-token encryption contexts. */
  | 'useCalendarTokens'
  /** sqs:SendMessage on the calendar sync queue (SYNC_QUEUE_URL). */
  | 'enqueueCalendarSync'
  /** cognito-idp:AdminListGroupsForUser on the user pool (whether a user is in the `admin` group). */
  | 'readSignInGroups';

export interface RouteDefinition<A extends Access = Access> {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  access: A;
  table: TableAccess;
  grants?: readonly Grant[];
  /** SSM SecureString secrets the function reads at cold start (shared/secrets.ts). */
  secrets?: readonly SecretName[];
  summary: string;
}

/**
 * What invokes a job: every AppointmentChanged event (an EventBridge rule in AWS, the in-process
 * bus locally), a schedule (EventBridge Scheduler in AWS, the local timer), the messages of the
 * calendar sync queue (SQS with a dead-letter queue in AWS, an in-process queue locally), or the
 * user pool's PostConfirmation trigger (Cognito in AWS, built in the auth stack; cognito-local as
 * the local runtime starts it invokes no trigger, so nothing runs it locally).
 */
export type JobTrigger = 'AppointmentChanged' | 'CalendarSyncQueue' | 'CognitoPostConfirmation' | { scheduleMinutes: number };

/** What the manifest says about a function that no HTTP route invokes (see `jobs` in functions/routes.ts). */
export interface JobDefinition {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  trigger: JobTrigger;
  table: TableAccess;
  grants?: readonly Grant[];
  /** SSM SecureString secrets the function reads at cold start (shared/secrets.ts). */
  secrets?: readonly SecretName[];
  /** Lambda timeout; the house default (10 s) when absent. */
  timeoutSeconds?: number;
  summary: string;
}
