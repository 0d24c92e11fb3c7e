import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { SiteNotBuiltError, SiteStack } from './stacks/site-stack.ts';
import { SyncStack } from './stacks/sync-stack.ts';

/**
 * Builds every stack of the product; `npm run synth` / `npm run deploy` run this app. cdk-nag's
 * AwsSolutions pack runs at synth: an unacknowledged error stops it (Validations.of(...).acknowledge,
 * with a reason, beside the construct concerned).
 */
export function buildApp(
  app = new App({
    // Explicit: a consumer stack keeps the producer's exports alive (CDK's current default).
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' },
  }),
) {
  // A concrete region is required (the table's customer-managed key); Paris unless told otherwise.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-3' };
  // `-c siteUrl=https://…` (the CloudFront URL or a custom domain), `-c googleClientId=…`, `-c microsoftClientId=…`:
  // docs/DEPLOY.md. Client ids are public; the client secrets are SSM parameters (infra/secrets.ts).
  const siteUrl = contextSiteUrl(app);
  const calendar = { googleClientId: context(app, 'googleClientId'), microsoftClientId: context(app, 'microsoftClientId') };
  const data = new DataStack(app, 'BookingData', { env });
  // The user pool's PostConfirmation trigger writes the new user's profile to the table. Its account
  // e-mails go through SES once `-c cognitoMailFrom=` names a verified address (docs/DEPLOY.md).
  const auth = new AuthStack(app, 'BookingAuth', { env, table: data.table, siteUrl, mailFrom: context(app, 'cognitoMailFrom') });
  // Before the API and events stacks: both send to the sync queue (see SyncStack for why it is its own stack).
  const sync = new SyncStack(app, 'BookingSync', { env });
  const api = new ApiStack(app, 'BookingApi', {
    env,
    table: data.table,
    bus: data.bus,
    userPool: auth.userPool,
    userPoolClient: auth.client,
    tokenKey: data.tokenKey,
    syncQueue: sync.queue,
    // The CloudFront domain is not visible here (the site stack depends on this one): context only.
    calendar: { ...calendar, siteUrl },
  });
  if (!siteUrl && (calendar.googleClientId || calendar.microsoftClientId)) {
    Annotations.of(api).addWarningV2(
      '@booking/calendar:siteUrl',
      'Calendar client ids are set but not -c siteUrl: the API cannot know the OAuth redirect URIs, so connecting a calendar will fail (docs/DEPLOY.md).',
    );
  }
  const site = new SiteStack(app, 'BookingSite', { env, api: api.api, userPool: auth.userPool, userPoolClient: auth.client });
  const events = new EventsStack(app, 'BookingEvents', {
    env,
    table: data.table,
    bus: data.bus,
    tokenKey: data.tokenKey,
    syncQueue: sync.queue,
    syncDeadLetters: sync.deadLetterQueue,
    calendar,
    // `npx cdk deploy -c mailFrom=bookings@your-domain` (verified in SES) and -c siteUrl for a custom domain.
    mailFrom: context(app, 'mailFrom') ?? 'no-reply@example.com',
    siteUrl: siteUrl ?? `https://${site.distribution.distributionDomainName}`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, auth, sync, api, site, events };
}

function context(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `-c siteUrl=…`: a bare https origin, since links and OAuth redirect URIs are built by appending paths to it; anything else stops the synth. */
function contextSiteUrl(app: App): string | undefined {
  const value = context(app, 'siteUrl');
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`-c siteUrl must be the site's https origin, such as https://d1234abcd.cloudfront.net (got "${value}")`);
  }
  return url.origin;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  try {
    buildApp().app.synth();
  } catch (error) {
    if (!(error instanceof SiteNotBuiltError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
