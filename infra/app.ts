import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { listRoutes } from '../functions/routes.ts';
import { parsePublicKey } from '../shared/billing/webhook-signature.ts';
import { PUBLIC_ROUTES_RATE_LIMIT, SITE_RATE_LIMIT, publicPathMatchers, type ClientRateLimit } from '../shared/http/client-rate-limit.ts';
import { parseEmbedOrigins } from './site/security-headers.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { FIREWALL_REGION, FirewallStack } from './stacks/firewall-stack.ts';
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
  // Per-IP rate limits and AWS's common rules in front of CloudFront (docs/DEPLOY.md "Rate limits"):
  // `-c siteRateLimit=2000 -c publicRateLimit=300` (requests per 5 minutes per IP).
  const firewall = new FirewallStack(app, 'BookingFirewall', {
    env: { account: env.account, region: FIREWALL_REGION },
    siteRateLimit: contextRateLimit(app, 'siteRateLimit', SITE_RATE_LIMIT),
    publicRateLimit: contextRateLimit(app, 'publicRateLimit', PUBLIC_ROUTES_RATE_LIMIT),
    publicPaths: publicPathMatchers(listRoutes()),
  });
  const apiOrigin = contextApiOrigin(app);
  // Before the API stack: it makes the HttpApi CloudFront forwards to, and the API's functions need
  // the distribution's domain (SiteStack explains why the API is made there).
  const site = new SiteStack(app, 'BookingSite', {
    env,
    webAclArn: firewall.webAcl.attrArn,
    apiOrigin,
    userPool: auth.userPool,
    userPoolClient: auth.client,
    // `-c bookingEmbedOrigins=https://www.example.com,…`: the business's sites that may frame /book/ (docs/DEPLOY.md).
    embedOrigins: contextEmbedOrigins(app),
  });
  if (!apiOrigin) {
    Annotations.of(site).addWarningV2(
      '@booking/api:executeApiEndpoint',
      "The API's execute-api URL stays open (CloudFront's origin): a caller who finds it skips the WAF's rate limits (API Gateway's throttles still apply). Give -c apiOriginDomain and -c apiOriginCertificateArn to close it (docs/DEPLOY.md).",
    );
  }
  // The site's public origin: -c siteUrl (a custom domain) or the distribution's own domain. OAuth
  // redirect URIs, calendar push addresses and e-mail links are built on it.
  const publicSiteUrl = siteUrl ?? `https://${site.distribution.distributionDomainName}`;
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
    siteUrl: publicSiteUrl,
  });
  const api = new ApiStack(app, 'BookingApi', {
    env,
    api: site.api,
    apiOriginDomain: site.apiOriginDomain,
    table: data.table,
    bus: data.bus,
    userPool: auth.userPool,
    userPoolClient: auth.client,
    tokenKey: data.tokenKey,
    syncQueue: sync.queue,
    calendar: { ...calendar, siteUrl: publicSiteUrl },
    // Lago signs webhooks with HMAC (the SSM parameter) or a JWT checked with this public key.
    lagoWebhookPublicKey: contextLagoPublicKey(app),
    // Before the API: the public booking route sends its confirmation e-mail through the same SES identity.
    mail: events.mail,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, auth, sync, firewall, site, api, events };
}

function context(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `-c <key>=<requests per 5 minutes per IP>`; WAF accepts 10 to 2,000,000,000. */
function contextRateLimit(app: App, key: string, fallback: ClientRateLimit): ClientRateLimit {
  const value = context(app, key) ?? app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
    throw new Error(`-c ${key} must be a whole number of requests per ${fallback.windowSeconds / 60} minutes per IP, at least 10 (got "${String(value)}")`);
  }
  return { ...fallback, limit };
}

/** `-c lagoWebhookPublicKey=<PEM or its base64>`: a value that is not a public key stops the synth, not the first paid invoice. */
function contextLagoPublicKey(app: App): string | undefined {
  const value = context(app, 'lagoWebhookPublicKey');
  if (value === undefined) return undefined;
  try {
    parsePublicKey(value);
  } catch {
    throw new Error("-c lagoWebhookPublicKey must be Lago's webhook public key (GET /webhooks/json_public_key): the PEM, or its base64");
  }
  return value;
}

/**
 * `-c bookingEmbedOrigins=<https origins, comma-separated>`, else the environment's BOOKING_EMBED_ORIGINS
 * (the name `npm start` reads): the sites that may show /book/ in an <iframe>. A value that is not a
 * list of bare https origins stops the synth: it goes into the CSP as it is.
 */
function contextEmbedOrigins(app: App): string[] {
  const fromContext = context(app, 'bookingEmbedOrigins');
  if (fromContext !== undefined) return parseEmbedOrigins(fromContext, '-c bookingEmbedOrigins');
  return parseEmbedOrigins(process.env.BOOKING_EMBED_ORIGINS, 'BOOKING_EMBED_ORIGINS');
}

/** `-c apiOriginDomain=api-origin.example.org -c apiOriginCertificateArn=arn:aws:acm:<region>:…`: both or neither. */
function contextApiOrigin(app: App): { domainName: string; certificateArn: string } | undefined {
  const domainName = context(app, 'apiOriginDomain');
  const certificateArn = context(app, 'apiOriginCertificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error('-c apiOriginDomain and -c apiOriginCertificateArn go together (docs/DEPLOY.md)');
  return { domainName, certificateArn };
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
