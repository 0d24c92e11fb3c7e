import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Grant } from '../shared/http/route.ts';
import type { SecretName } from './secrets.ts';

/** The `purpose` of every encryption context shared/crypto/envelope.ts sends to KMS (docs/CALENDAR_SYNC.md). */
export const TOKEN_ENCRYPTION_PURPOSE = 'calendar-token';

/** Exactly what `useCalendarTokens` allows on the token key: one data key per write, its unwrapping per read. */
export const TOKEN_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** The AWS resources behind the calendar grants of the manifest. */
export interface CalendarResources {
  /** DataStack.tokenKey: wraps the data keys of OAuth tokens. */
  tokenKey: IKey;
  /** SyncStack.queue: one message per connection to sync. */
  syncQueue: IQueue;
}

/** Deployment settings (CDK context); each one absent leaves its variable unset (see docs/DEPLOY.md). */
export interface CalendarSettings {
  /** The site's public origin, e.g. https://dxxxx.cloudfront.net: the OAuth redirect URIs are under it. */
  siteUrl?: string;
  /** OAuth client ids are not secret: plain environment. The client secrets come from SSM (infra/secrets.ts). */
  googleClientId?: string;
  microsoftClientId?: string;
}

const PROVIDERS = [
  { secret: 'googleClientSecret', setting: 'googleClientId', clientId: 'GOOGLE_CLIENT_ID', redirectUri: 'GOOGLE_REDIRECT_URI', callback: 'google' },
  { secret: 'microsoftClientSecret', setting: 'microsoftClientId', clientId: 'MICROSOFT_CLIENT_ID', redirectUri: 'MICROSOFT_REDIRECT_URI', callback: 'microsoft' },
] as const satisfies ReadonlyArray<{ secret: SecretName; setting: keyof CalendarSettings; clientId: string; redirectUri: string; callback: string }>;

/** The path of the OAuth redirect of a provider (functions/routes.ts: GET /api/calendar/callback/{provider}). */
export const callbackPath = (provider: 'google' | 'microsoft') => `/api/calendar/callback/${provider}`;

/**
 * The calendar part of a function's manifest entry, granted and configured the same way in every
 * stack: the two calendar grants, and the provider settings of the functions that hold a
 * provider's client secret (client id, redirect URI, SITE_URL for the callback's redirect).
 */
export function bindCalendar(
  fn: LambdaFunction,
  entry: { grants?: readonly Grant[]; secrets?: readonly SecretName[] },
  resources: CalendarResources,
  settings: CalendarSettings,
): void {
  const grants = entry.grants ?? [];
  if (grants.includes('useCalendarTokens')) grantCalendarTokens(fn, resources.tokenKey);
  if (grants.includes('enqueueCalendarSync')) grantEnqueueCalendarSync(fn, resources.syncQueue);
  for (const [name, value] of Object.entries(calendarEnvironment(entry.secrets ?? [], settings))) fn.addEnvironment(name, value);
}

/**
 * TOKEN_KMS_KEY_ID and kms:GenerateDataKey + kms:Decrypt on the token key only, and only for
 * requests whose encryption context says purpose=calendar-token: the role cannot use the key
 * for anything else, nor any other key. The key's policy delegates to IAM (CDK's default key
 * policy), so the statement on the role is enough and the data stack is not modified.
 */
export function grantCalendarTokens(fn: LambdaFunction, key: IKey): void {
  fn.addEnvironment('TOKEN_KMS_KEY_ID', key.keyArn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...TOKEN_KEY_ACTIONS],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_ENCRYPTION_PURPOSE } },
    }),
  );
}

/**
 * SYNC_QUEUE_URL and sqs:SendMessage on the sync queue, nothing more (grantSendMessages would add
 * GetQueueAttributes and GetQueueUrl, which the senders do not need: they have the URL). The queue
 * is SQS-managed encrypted, so no KMS permission is involved.
 */
export function grantEnqueueCalendarSync(fn: LambdaFunction, queue: IQueue): void {
  fn.addEnvironment('SYNC_QUEUE_URL', queue.queueUrl);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
}

/** The plain (non-secret) provider settings for a function holding the given secrets. */
export function calendarEnvironment(secrets: readonly SecretName[], settings: CalendarSettings): Record<string, string> {
  const environment: Record<string, string> = {};
  const siteUrl = settings.siteUrl?.replace(/\/+$/, '');
  for (const provider of PROVIDERS) {
    if (!secrets.includes(provider.secret)) continue;
    const clientId = settings[provider.setting];
    if (clientId) environment[provider.clientId] = clientId;
    if (siteUrl) {
      environment[provider.redirectUri] = `${siteUrl}${callbackPath(provider.callback)}`;
      // The callback redirects the browser to the site's settings page; connect builds the URL from it too.
      environment.SITE_URL = siteUrl;
    }
  }
  return environment;
}
