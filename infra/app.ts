import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { SiteNotBuiltError, SiteStack } from './stacks/site-stack.ts';

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
  const data = new DataStack(app, 'BookingData', { env });
  const auth = new AuthStack(app, 'BookingAuth', { env });
  const api = new ApiStack(app, 'BookingApi', { env, table: data.table, bus: data.bus, userPool: auth.userPool, userPoolClient: auth.client });
  const site = new SiteStack(app, 'BookingSite', { env, api: api.api, userPool: auth.userPool, userPoolClient: auth.client });
  const events = new EventsStack(app, 'BookingEvents', {
    env,
    table: data.table,
    bus: data.bus,
    // `npx cdk deploy -c mailFrom=bookings@your-domain` (verified in SES) and -c siteUrl for a custom domain.
    mailFrom: app.node.tryGetContext('mailFrom') ?? 'no-reply@example.com',
    siteUrl: app.node.tryGetContext('siteUrl') ?? `https://${site.distribution.distributionDomainName}`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, auth, api, site, events };
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
