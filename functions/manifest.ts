import type * as zod from 'zod/mini';
import type { SecretName } from '../shared/secrets.ts';

/**
 * The types of the route manifest (functions/routes.ts): what one route or one job declares. CDK,
 * the local gateway, the HTTP chain, OpenAPI and the fuzzing all read the manifest through these.
 */

/** Who may call a route: public (no token), user (any signed-in user), admin (Cognito group `admin`). */
export type Access = 'public' | 'user' | 'admin';

/** What the route's function may do to the table: CDK grants exactly this (least privilege). */
export type TableAccess = 'none' | 'read' | 'readWrite';

/**
 * AWS permissions beyond the table that a function needs. infra/grants.ts turns each into IAM and
 * environment, keyed by this union, so a new kind cannot be declared without being granted.
 */
export const GRANTS = [
  'publishEvents',
  'deleteSignIn',
  'sendEmail',
  /** kms:GenerateDataKey + kms:Decrypt on the token key, only for calendar-token encryption contexts. */
  'useCalendarTokens',
  /** sqs:SendMessage on the calendar sync queue (SYNC_QUEUE_URL). */
  'enqueueCalendarSync',
  /** cognito-idp:AdminListGroupsForUser on the user pool (whether a user is in the `admin` group). */
  'readSignInGroups',
  /** cognito-idp:AdminCreateUser + AdminAddUserToGroup on the user pool (the Organization page's invitations). */
  'inviteSignIns',
  /** cognito-idp:AdminAddUserToGroup + AdminRemoveUserFromGroup on the user pool (promote, demote). */
  'changeSignInGroups',
  /** cognito-idp:AdminEnableUser, AdminDisableUser + AdminUserGlobalSignOut on the user pool. */
  'changeSignInAccess',
] as const;
export type Grant = (typeof GRANTS)[number];

/** What a route accepts, validated by the HTTP chain before the handler runs; OpenAPI and fuzzing read the same schemas. */
export interface RequestSchemas {
  params?: zod.ZodMiniType;
  query?: zod.ZodMiniType;
  body?: zod.ZodMiniType;
  /**
   * The chain leaves the body unparsed and the handler validates it with `body` itself: after
   * something that must see the raw bytes first (a webhook signature), or when the body may be
   * absent (Graph's validation handshake).
   */
  bodyValidatedByHandler?: true;
}

export interface RouteDefinition<A extends Access = Access> {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  access: A;
  table: TableAccess;
  request?: RequestSchemas;
  /** The `data` of a success, for the OpenAPI document (the envelope is added around it). */
  response?: zod.ZodMiniType;
  grants?: readonly Grant[];
  /** SSM SecureString secrets the function reads at cold start (shared/secrets.ts). */
  secrets?: readonly SecretName[];
  summary: string;
}

/**
 * What invokes a job: every AppointmentChanged event (an EventBridge rule in AWS, the in-process
 * bus locally), a schedule (EventBridge Scheduler in AWS, the local timer), the messages of the
 * calendar sync queue (SQS with a dead-letter queue in AWS, an in-process queue locally), or one of
 * the user pool's triggers, built in the auth stack: PostConfirmation (the local pool does not run
 * it: GET /api/me creates the profile there) and CustomMessage (the local pool runs it,
 * local/cognito-server.ts).
 */
export type JobTrigger = 'AppointmentChanged' | 'CalendarSyncQueue' | 'CognitoPostConfirmation' | 'CognitoCustomMessage' | { scheduleMinutes: number };

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
