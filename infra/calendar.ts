import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { SecretName } from './secrets.ts';

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
 * The provider settings of a function holding a provider's client secret (client id, redirect
 * URI, SITE_URL for the callback's redirect); its grants come from infra/grants.ts.
 */
export function configureCalendar(fn: LambdaFunction, entry: { secrets?: readonly SecretName[] }, settings: CalendarSettings): void {
  for (const [name, value] of Object.entries(calendarEnvironment(entry.secrets ?? [], settings))) fn.addEnvironment(name, value);
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
