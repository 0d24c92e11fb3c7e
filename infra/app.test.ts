import { generateKeyPairSync } from 'node:crypto';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../functions/manifest.ts';
import { listJobs, listRoutes, routes, type ManifestJob } from '../functions/routes.ts';
import { ensureSiteBuilt } from '../local/site-build.ts';
import { tableDefinition } from '../shared/db/table.ts';
import { PASSWORD_POLICY } from '../shared/accounts/password-policy.ts';
import { buildApp } from './app.ts';
import { SECRETS } from './secrets.ts';
import { inlineScriptHashes } from './site/content-security-policy.ts';
import { embeddableSecurityHeaders, siteSecurityHeaders } from './site/security-headers.ts';
import { ROOT } from './constructs/booking-function.ts';
import { ACCESS_LOG_FIELDS, PUBLIC_ROUTE_THROTTLE, STAGE_THROTTLE, routeConstructName } from './stacks/api-stack.ts';
import { isUserPoolTrigger } from './stacks/auth-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
import { COMMON_RULE_SET, RATE_LIMITED_BODY_KEY } from './stacks/firewall-stack.ts';
import { PUBLIC_ROUTES_RATE_LIMIT, RATE_LIMITED_BODY, SITE_RATE_LIMIT } from '../shared/http/client-rate-limit.ts';
import { SYNC_WORKER_BATCH_SIZE, SYNC_WORKER_MAX_CONCURRENCY } from './stacks/events-stack.ts';
import { SYNC_MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from './stacks/sync-stack.ts';

type Resource = { Properties: any; DependsOn?: string[] };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

let built: ReturnType<typeof buildApp>;
let assemblyDir: string;
let api: Template;
let data: Template;
let auth: Template;
let site: Template;
let events: Template;
let sync: Template;
let firewall: Template;

beforeAll(async () => {
  // The site stack deploys site/dist: build it if the sources are newer (as `npm run build` would).
  await ensureSiteBuilt(ROOT);
  built = buildApp();
  assemblyDir = built.app.synth().directory;
  api = Template.fromStack(built.api);
  data = Template.fromStack(built.data);
  auth = Template.fromStack(built.auth);
  site = Template.fromStack(built.site);
  events = Template.fromStack(built.events);
  sync = Template.fromStack(built.sync);
  firewall = Template.fromStack(built.firewall);
});

const resources = (template: Template, type: string) => Object.values(template.findResources(type)) as Resource[];
const statements = (template: Template) =>
  resources(template, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (statement: Statement) => [statement.Action].flat();
/** Construct ids follow the route key ('GET /api/me' → GETApiMe), so logical ids start with them. */
const policyOfRoute = (key: string) =>
  resources(api, 'AWS::IAM::Policy').find((p) => p.Properties.Roles[0].Ref.startsWith(`${routeConstructName(key)}Role`))!;
const functionOfRoute = (key: string) =>
  Object.entries(api.findResources('AWS::Lambda::Function')).find(([logical]) => new RegExp(`^${routeConstructName(key)}[0-9A-F]{8}$`).test(logical))![1] as Resource;
/** The jobs the events stack builds (the user pool's trigger is in the auth stack). */
const eventJobs = () => listJobs().filter((job) => !isUserPoolTrigger(job));
/** Where a job's function is: the auth stack for the user pool's trigger, the events stack for the others. */
const jobTemplate = (job: ManifestJob, templates: { auth: Template; events: Template } = { auth, events }) =>
  isUserPoolTrigger(job) ? templates.auth : templates.events;
/** Every function of the manifest (routes in the API stack, jobs in the events or auth stack) with its policy and environment. */
const manifestFunctions = () =>
  [
    ...listRoutes().map((entry) => ({ name: entry.key, entry, template: api, id: routeConstructName(entry.key) })),
    ...listJobs().map((entry) => ({ name: entry.name, entry, template: jobTemplate(entry), id: routeConstructName(entry.name) })),
  ].map(({ name, entry, template, id }) => {
    // The role's default policy (a grant made as a policy of its own is not in it).
    const policy = resources(template, 'AWS::IAM::Policy').find(
      (p) => new RegExp(`^${id}Role[0-9A-F]{8}$`).test(p.Properties.Roles[0].Ref) && /DefaultPolicy/.test(JSON.stringify(p.Properties.PolicyName)),
    )!;
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([logical]) => new RegExp(`^${id}[0-9A-F]{8}$`).test(logical))!;
    return {
      name,
      entry,
      statements: policy.Properties.PolicyDocument.Statement as Statement[],
      env: ((fn[1] as Resource).Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    };
  });
/** A cross-stack reference to a resource of another stack, by the construct id it starts with. */
const refersTo = (value: unknown, constructId: string) => new RegExp(`ExportsOutput(Ref|FnGetAtt)${constructId}[0-9A-F]{8}`).test(JSON.stringify(value));
const logicalId = (template: Template, type: string, props: object) => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('the grants of the manifest (infra/grants.ts)', () => {
  /** The statement that shows each kind of grant was applied; a new kind does not compile until it is listed. */
  const has = (action: string) => (statement: Statement) => actionsOf(statement).includes(action);
  const SIGNATURE: Record<Grant, (statement: Statement) => boolean> = {
    publishEvents: has('events:PutEvents'),
    deleteSignIn: has('cognito-idp:AdminDeleteUser'),
    sendEmail: has('ses:SendEmail'),
    // The table's own key also allows GenerateDataKey to writers: the token key's grant is the one bound to calendar tokens.
    useCalendarTokens: (statement) => has('kms:GenerateDataKey')(statement) && JSON.stringify(statement.Condition ?? {}).includes('kms:EncryptionContext:purpose'),
    enqueueCalendarSync: has('sqs:SendMessage'),
    readSignInGroups: has('cognito-idp:AdminListGroupsForUser'),
    inviteSignIns: has('cognito-idp:AdminCreateUser'),
    changeSignInGroups: has('cognito-idp:AdminRemoveUserFromGroup'),
    changeSignInAccess: has('cognito-idp:AdminDisableUser'),
  };

  it('gives every route, job and trigger each grant it declares, and no grant it does not', () => {
    const functions = [
      ...listRoutes().map((entry) => ({ name: entry.key, grants: entry.grants ?? [], template: api, id: routeConstructName(entry.key) })),
      ...listJobs().map((entry) => ({ name: entry.name, grants: entry.grants ?? [], template: jobTemplate(entry), id: routeConstructName(entry.name) })),
    ];
    for (const { name, grants, template, id } of functions) {
      // Every statement on the function's role, its default policy's and any policy of its own.
      const granted = resources(template, 'AWS::IAM::Policy')
        .filter((p) => new RegExp(`^${id}Role[0-9A-F]{8}$`).test(p.Properties.Roles[0].Ref))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
      for (const [grant, applied] of Object.entries(SIGNATURE)) {
        expect(granted.some(applied), `${name} ${grant}`).toBe(grants.includes(grant as Grant));
      }
    }
  });
});

describe('the API stack, derived from functions/routes.ts', () => {
  it('has one route per manifest entry, with the JWT authorizer on every non-public one', () => {
    const routes = resources(api, 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(listRoutes().map((r) => r.key).sort());
    for (const route of listRoutes()) {
      const props = routes.find((r) => r.Properties.RouteKey === route.key)!.Properties;
      expect(props.AuthorizationType, route.key).toBe(route.access === 'public' ? 'NONE' : 'JWT');
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('gives each route its own arm64 Node.js 22 function with a log retention', () => {
    const functions = resources(api, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(listRoutes().length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
    for (const group of resources(api, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('gives functions no managed policy: each role writes only its own log group', () => {
    for (const role of resources(api, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logStatements = statements(api).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logStatements).toHaveLength(listRoutes().length);
    for (const s of logStatements) expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] });
  });

  it('grants each function exactly the table access its route declares, on the table and its named indexes', () => {
    for (const route of listRoutes()) {
      const policy = policyOfRoute(route.key);
      const granted = (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf);
      const table = granted.filter((a) => a.startsWith('dynamodb:'));
      const writes = table.filter((a) => /Put|Update|Delete|BatchWrite/.test(a));
      expect(table.length > 0, route.key).toBe(route.table !== 'none');
      expect(writes.length > 0, route.key).toBe(route.table === 'readWrite');
      expect(granted, route.key).not.toContain('dynamodb:Scan');
      if (route.table === 'none') continue;
      const tableStatement = (policy.Properties.PolicyDocument.Statement as Statement[]).find((s) => actionsOf(s)[0]!.startsWith('dynamodb:'))!;
      const indexes = JSON.stringify(tableStatement.Resource).match(/\/index\/[^"]+/g);
      expect(indexes).toEqual(tableDefinition.globalIndexes.map((i) => `/index/${i.indexName}`));
    }
  });

  it('never grants a wildcard action, and never one on the table or the keys', () => {
    expect(statements(api).flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    expect(statements(events).flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    expect(statements(auth).flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    for (const template of [api, data, auth, site, events, sync]) {
      const onTableOrKey = statements(template).filter((s) => /Table|Key/.test(JSON.stringify(s.Resource)));
      expect(onTableOrKey.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('throttles the default stage, and public routes more strictly', () => {
    const stage = resources(api, 'AWS::ApiGatewayV2::Stage');
    expect(stage).toHaveLength(1);
    expect(stage[0]!.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: STAGE_THROTTLE.rateLimit, ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit },
    });
    const publicKeys = listRoutes().filter((r) => r.access === 'public').map((r) => r.key);
    expect(publicKeys.length).toBeGreaterThan(0);
    expect(Object.keys(stage[0]!.Properties.RouteSettings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(stage[0]!.Properties.RouteSettings[key]).toEqual({
        throttlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        throttlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      });
    }
    expect(PUBLIC_ROUTE_THROTTLE.rateLimit).toBeLessThan(STAGE_THROTTLE.rateLimit);
    // RouteSettings may only name existing routes: the stage waits for them.
    const routeIds = Object.keys(api.findResources('AWS::ApiGatewayV2::Route'));
    expect(stage[0]!.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('writes JSON access logs to a log group with retention', () => {
    const settings = resources(api, 'AWS::ApiGatewayV2::Stage')[0]!.Properties.AccessLogSettings;
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    const group = api.findResources('AWS::Logs::LogGroup')[settings.DestinationArn['Fn::GetAtt'][0]] as Resource;
    expect(group.Properties.RetentionInDays).toBe(30);
  });
});

describe('grants beyond the table, from the manifest', () => {
  it('gives the event bus and PutEvents only to routes that publish, AdminDeleteUser only to account erasure, and the pool id only to routes that manage sign-ins', () => {
    for (const route of listRoutes()) {
      const granted = JSON.stringify(policyOfRoute(route.key).Properties.PolicyDocument);
      const env = functionOfRoute(route.key).Properties.Environment?.Variables ?? {};
      const publishes = route.grants?.includes('publishEvents') ?? false;
      const erases = route.grants?.includes('deleteSignIn') ?? false;
      const managesSignIns = route.grants?.some((grant) => ['deleteSignIn', 'inviteSignIns', 'changeSignInGroups', 'changeSignInAccess'].includes(grant)) ?? false;
      expect(granted.includes('events:PutEvents'), route.key).toBe(publishes);
      expect('EVENT_BUS_NAME' in env, route.key).toBe(publishes);
      expect(granted.includes('cognito-idp:AdminDeleteUser'), route.key).toBe(erases);
      expect('COGNITO_USER_POOL_ID' in env, route.key).toBe(managesSignIns);
      // Secrets: the parameter's name only, and GetParameter only where the manifest says so.
      const secrets = route.secrets ?? [];
      expect(granted.includes('ssm:GetParameter'), route.key).toBe(secrets.length > 0);
      for (const secret of Object.keys(SECRETS) as (keyof typeof SECRETS)[]) {
        const wanted = (secrets as readonly string[]).includes(secret);
        expect(env[SECRETS[secret].environmentVariable], `${route.key} ${secret}`).toBe(wanted ? SECRETS[secret].parameterName : undefined);
        expect(granted.includes(SECRETS[secret].parameterName), `${route.key} ${secret}`).toBe(wanted);
      }
      expect(Object.values(env).some((v) => typeof v === 'string' && /^lago_|^sk_/.test(v)), route.key).toBe(false);
    }
    expect(listRoutes().some((r) => r.secrets?.includes('lagoApiKey'))).toBe(true);
    expect(listRoutes().some((r) => r.grants?.includes('publishEvents'))).toBe(true);
  });

  it('lets the Lago webhook (public, called from the internet) read its HMAC key and never the Lago API key', () => {
    const webhook = 'POST /api/lago-webhook';
    const granted = JSON.stringify(policyOfRoute(webhook).Properties.PolicyDocument);
    const env = functionOfRoute(webhook).Properties.Environment?.Variables ?? {};
    expect(env[SECRETS.lagoWebhookHmacKey.environmentVariable]).toBe(SECRETS.lagoWebhookHmacKey.parameterName);
    expect(granted).toContain(SECRETS.lagoWebhookHmacKey.parameterName);
    expect(SECRETS.lagoApiKey.environmentVariable in env).toBe(false);
    expect(granted).not.toContain(SECRETS.lagoApiKey.parameterName);
  });

  it('gives Lago\'s webhook public key (-c lagoWebhookPublicKey) to the webhook function only, and refuses a value that is not a key', () => {
    expect('LAGO_WEBHOOK_PUBLIC_KEY' in (functionOfRoute('POST /api/lago-webhook').Properties.Environment?.Variables ?? {})).toBe(false);
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const base64 = Buffer.from(pem).toString('base64');
    const other = Template.fromStack(unbundledApp({ lagoWebhookPublicKey: base64 }).api);
    const withKey = Object.entries(other.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => (fn as Resource).Properties.Environment?.Variables?.LAGO_WEBHOOK_PUBLIC_KEY !== undefined)
      .map(([logical, fn]) => [logical.replace(/[0-9A-F]{8}$/, ''), (fn as Resource).Properties.Environment.Variables.LAGO_WEBHOOK_PUBLIC_KEY]);
    expect(withKey).toEqual([[routeConstructName('POST /api/lago-webhook'), base64]]);
    expect(() => unbundledApp({ lagoWebhookPublicKey: 'not-a-key' })).toThrow(/-c lagoWebhookPublicKey must be Lago's webhook public key/);
  });

  it('lets the public booking route send its confirmation e-mail through the events stack\'s SES identity, and no other route', () => {
    for (const route of listRoutes()) {
      const env = functionOfRoute(route.key).Properties.Environment?.Variables ?? {};
      const granted = JSON.stringify(policyOfRoute(route.key)?.Properties.PolicyDocument ?? {});
      const sends = route.key === 'POST /api/public/bookings';
      expect(granted.includes('ses:SendRawEmail'), route.key).toBe(sends);
      expect('MAIL_FROM_ADDRESS' in env && 'SES_CONFIGURATION_SET' in env, route.key).toBe(sends);
      if (sends) expect(env.SITE_URL, route.key).toBeDefined();
    }
  });

  it('gives the event bus and PutEvents to the jobs that publish (the outbox relay) and to no other job', () => {
    const jobs = manifestFunctions().filter((f) => 'trigger' in f.entry);
    for (const { name, entry, statements: granted, env } of jobs) {
      const publishes = entry.grants?.includes('publishEvents') ?? false;
      expect(granted.some((s) => actionsOf(s).includes('events:PutEvents')), name).toBe(publishes);
      expect('EVENT_BUS_NAME' in env, name).toBe(publishes);
    }
    expect(jobs.filter((f) => f.entry.grants?.includes('publishEvents')).map((f) => f.name)).toEqual(['relay-appointment-events']);
  });

  it('gives jobs the secrets their manifest entry names, as parameter names with GetParameter on them only', () => {
    for (const { name, entry, statements: granted, env } of manifestFunctions().filter((f) => 'trigger' in f.entry)) {
      const secrets = entry.secrets ?? [];
      const ssm = granted.filter((s) => actionsOf(s).includes('ssm:GetParameter'));
      expect(ssm.length, name).toBe(secrets.length > 0 ? 1 : 0);
      for (const secret of Object.keys(SECRETS) as (keyof typeof SECRETS)[]) {
        const wanted = secrets.includes(secret);
        expect(env[SECRETS[secret].environmentVariable], `${name} ${secret}`).toBe(wanted ? SECRETS[secret].parameterName : undefined);
        expect(JSON.stringify(ssm).includes(SECRETS[secret].parameterName), `${name} ${secret}`).toBe(wanted);
      }
    }
    expect(listJobs().some((j) => j.secrets?.includes('googleClientSecret'))).toBe(true);
  });

  it('lets only useCalendarTokens functions use the token key: GenerateDataKey and Decrypt, for calendar tokens only', () => {
    const all = manifestFunctions();
    for (const { name, entry, statements: granted, env } of all) {
      const uses = entry.grants?.includes('useCalendarTokens') ?? false;
      const onTokenKey = granted.filter((s) => refersTo(s.Resource, 'TokenKey'));
      expect(onTokenKey, name).toEqual(
        uses
          ? [
              {
                Effect: 'Allow',
                Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
                Resource: { 'Fn::ImportValue': expect.stringMatching(/^BookingData:ExportsOutputFnGetAttTokenKey[0-9A-F]{8}Arn/) },
                Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'calendar-token' } },
              },
            ]
          : [],
      );
      expect(refersTo(env.TOKEN_KMS_KEY_ID, 'TokenKey'), name).toBe(uses);
      // No other statement can reach the token key: every other KMS grant names the table key or goes through SSM.
      for (const s of granted.filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')) && !onTokenKey.includes(st))) {
        const viaSsm = JSON.stringify(s.Condition ?? {}).includes(`"kms:ViaService":"ssm.`);
        expect(refersTo(s.Resource, 'TableKey') || viaSsm, name).toBe(true);
      }
    }
    expect(all.filter((f) => f.entry.grants?.includes('useCalendarTokens')).map((f) => f.name).sort()).toEqual(
      ['DELETE /api/calendar', 'DELETE /api/me', 'GET /api/calendar/callback/{provider}', 'calendar-push', 'calendar-sync-worker'].sort(),
    );
  });

  it('lets only enqueueCalendarSync functions send to the sync queue, and only the worker read it', () => {
    const all = manifestFunctions();
    for (const { name, entry, statements: granted, env } of all) {
      const sends = entry.grants?.includes('enqueueCalendarSync') ?? false;
      const onQueue = granted.filter((s) => refersTo(s.Resource, 'SyncQueue'));
      const sending = granted.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      expect(sending, name).toEqual(
        sends ? [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::ImportValue': expect.stringMatching(/^BookingSync:ExportsOutputFnGetAttSyncQueue/) } }] : [],
      );
      expect(refersTo(env.SYNC_QUEUE_URL, 'SyncQueue'), name).toBe(sends);
      const consumes = 'trigger' in entry && entry.trigger === 'CalendarSyncQueue';
      const reading = onQueue.filter((s) => !actionsOf(s).includes('sqs:SendMessage'));
      expect(reading.length, name).toBe(consumes ? 1 : 0);
      if (consumes) expect(actionsOf(reading[0]!)).not.toContain('sqs:SendMessage');
    }
    expect(all.filter((f) => f.entry.grants?.includes('enqueueCalendarSync')).map((f) => f.name).sort()).toEqual(
      ['GET /api/calendar/callback/{provider}', 'POST /api/calendar/notifications/google', 'POST /api/calendar/notifications/microsoft', 'POST /api/calendar/sync', 'calendar-sync-dispatch'].sort(),
    );
  });

  it("configures the calendar providers only where their secrets are, with redirect URIs on the distribution's domain without -c siteUrl", () => {
    for (const { name, entry, env } of manifestFunctions()) {
      const google = entry.secrets?.includes('googleClientSecret') ?? false;
      const microsoft = entry.secrets?.includes('microsoftClientSecret') ?? false;
      // No client id in this app's context: both providers stay "not configured".
      expect(env.GOOGLE_CLIENT_ID, name).toBeUndefined();
      expect(env.MICROSOFT_CLIENT_ID, name).toBeUndefined();
      // Routes and jobs alike know the site's URL (the distribution's domain): the site stack comes first.
      const siteDomain = { 'Fn::ImportValue': expect.stringMatching(/^BookingSite:/) };
      const redirect = (provider: string) => ({ 'Fn::Join': ['', ['https://', siteDomain, `/api/calendar/callback/${provider}`]] });
      expect(env.GOOGLE_REDIRECT_URI, name).toEqual(google ? redirect('google') : undefined);
      expect(env.MICROSOFT_REDIRECT_URI, name).toEqual(microsoft ? redirect('microsoft') : undefined);
      if (google && !('trigger' in entry)) expect(env.SITE_URL, name).toEqual({ 'Fn::Join': ['', ['https://', siteDomain]] });
    }
  });

  it('sets client ids, redirect URIs and SITE_URL from context for the functions holding calendar secrets', () => {
    const context = { googleClientId: 'google-id.apps.googleusercontent.com', microsoftClientId: '00000000-1111-2222-3333-444444444444', siteUrl: 'https://book.example.org/' };
    const other = unbundledApp(context);
    const otherApi = Template.fromStack(other.api);
    const otherEvents = Template.fromStack(other.events);
    const otherAuth = Template.fromStack(other.auth);
    const envOf = (template: Template, id: string) =>
      (Object.entries(template.findResources('AWS::Lambda::Function')).find(([logical]) => new RegExp(`^${id}[0-9A-F]{8}$`).test(logical))![1] as Resource)
        .Properties.Environment.Variables as Record<string, unknown>;
    const calendarEnv = {
      GOOGLE_CLIENT_ID: context.googleClientId,
      MICROSOFT_CLIENT_ID: context.microsoftClientId,
      GOOGLE_REDIRECT_URI: 'https://book.example.org/api/calendar/callback/google',
      MICROSOFT_REDIRECT_URI: 'https://book.example.org/api/calendar/callback/microsoft',
      SITE_URL: 'https://book.example.org',
    };
    for (const entry of [...listRoutes(), ...listJobs()]) {
      const name = 'key' in entry ? entry.key : entry.name;
      const env = envOf('key' in entry ? otherApi : jobTemplate(entry, { auth: otherAuth, events: otherEvents }), routeConstructName(name));
      const calendar = entry.secrets?.includes('googleClientSecret') ?? false;
      expect(calendar).toBe(entry.secrets?.includes('microsoftClientSecret') ?? false);
      if (calendar) expect(env, name).toMatchObject(calendarEnv);
      else expect(env.GOOGLE_CLIENT_ID ?? env.MICROSOFT_CLIENT_ID ?? env.GOOGLE_REDIRECT_URI, name).toBeUndefined();
    }
    expect(envOf(otherApi, routeConstructName('GET /api/calendar/callback/{provider}')).SITE_URL).toBe('https://book.example.org');
    expect(Annotations.fromStack(other.api).findWarning('*', Match.stringLikeRegexp('siteUrl'))).toEqual([]);
  });

  it('refuses a siteUrl that is not an https origin', () => {
    for (const siteUrl of ['http://book.example.org', 'https://book.example.org/app', 'book.example.org']) {
      expect(() => unbundledApp({ siteUrl }), siteUrl).toThrow(/siteUrl must be the site's https origin/);
    }
  });
});

describe('the events stack, derived from the jobs manifest', () => {
  it('gives every job a function, its trigger, a dead-letter queue and two alarms', () => {
    const jobs = eventJobs();
    expect(jobs.length).toBe(listJobs().length - 2);
    expect(resources(events, 'AWS::Lambda::Function')).toHaveLength(jobs.length);
    const consumers = jobs.filter((j) => j.trigger === 'AppointmentChanged');
    const scheduled = jobs.filter((j) => typeof j.trigger === 'object');
    const queued = jobs.filter((j) => j.trigger === 'CalendarSyncQueue');
    expect(consumers.length + scheduled.length + queued.length).toBe(jobs.length);
    const rules = resources(events, 'AWS::Events::Rule');
    expect(rules).toHaveLength(consumers.length);
    for (const rule of rules) {
      expect(rule.Properties.EventPattern).toEqual({ source: ['booking.appointments'], 'detail-type': ['AppointmentChanged'], detail: { version: ['1'] } });
      expect(rule.Properties.Targets[0]).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: expect.anything() } });
    }
    const schedules = resources(events, 'AWS::Scheduler::Schedule');
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(
      scheduled
        .map((j) => (j.trigger as { scheduleMinutes: number }).scheduleMinutes)
        // CloudFormation's rate expressions are singular for 1 ("rate(1 minute)").
        .map((minutes) => `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`)
        .sort(),
    );
    for (const schedule of schedules) expect(schedule.Properties.Target.DeadLetterConfig).toBeDefined();
    expect(jobs.find((j) => j.name === 'calendar-sync-dispatch')!.trigger).toEqual({ scheduleMinutes: 15 });
    // The queue-fed worker's dead-letter queue is the sync queue's own (in the sync stack).
    expect(resources(events, 'AWS::SQS::Queue')).toHaveLength(jobs.length - queued.length);
    const alarms = resources(events, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(jobs.length * 2);
  });

  it('feeds the sync worker from the sync queue in small batches, with partial batch failures and a concurrency cap', () => {
    const queued = listJobs().filter((j) => j.trigger === 'CalendarSyncQueue');
    expect(queued.map((j) => j.name)).toEqual(['calendar-sync-worker']);
    const mappings = resources(events, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(queued.length);
    for (const job of queued) {
      const mapping = mappings.find((m) => new RegExp(`^${routeConstructName(job.name)}[0-9A-F]{8}$`).test(m.Properties.FunctionName.Ref))!;
      expect(mapping.Properties).toEqual({
        FunctionName: expect.anything(),
        EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/^BookingSync:ExportsOutputFnGetAttSyncQueue[0-9A-F]{8}Arn/) },
        BatchSize: SYNC_WORKER_BATCH_SIZE,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: SYNC_WORKER_MAX_CONCURRENCY },
      });
      expect(SYNC_WORKER_BATCH_SIZE).toBeLessThanOrEqual(10);
      // Alarms: the worker's errors, and its messages given up on (the sync queue's DLQ).
      const alarms = resources(events, 'AWS::CloudWatch::Alarm').map((a) => a.Properties);
      expect(alarms).toContainEqual(
        expect.objectContaining({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: mapping.Properties.FunctionName }] }),
      );
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Threshold: 1,
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::ImportValue': expect.stringMatching(/^BookingSync:ExportsOutputFnGetAttSyncDeadLetters[0-9A-F]{8}QueueName/) } }],
        }),
      );
    }
  });

  it('lets only the mailing jobs send email, through the configured identity and configuration set', () => {
    const sesStatements = statements(events).filter((st) => actionsOf(st).some((a) => a.startsWith('ses:')));
    expect(sesStatements).toHaveLength(listJobs().filter((j) => j.grants?.includes('sendEmail')).length);
    for (const st of sesStatements) {
      expect(actionsOf(st).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(st.Resource)).toMatch(/identity.*configuration-set/);
    }
    events.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
  });
});

describe('the auth stack: the PostConfirmation trigger that creates the profile on sign-up', () => {
  const job = () => {
    const triggers = listJobs().filter(isUserPoolTrigger);
    expect(triggers.map((j) => j.name).sort()).toEqual(['compose-account-email', 'create-profile-on-sign-up']);
    return triggers.find((j) => j.trigger === 'CognitoPostConfirmation')!;
  };
  const triggerFunctionId = () => {
    const ids = Object.keys(auth.findResources('AWS::Lambda::Function')).filter((id) => new RegExp(`^${routeConstructName(job().name)}[0-9A-F]{8}$`).test(id));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  const poolId = () => logicalId(auth, 'AWS::Cognito::UserPool', {});
  /** Every statement of every policy on the trigger's role (its default policy and the group lookup's own). */
  const triggerStatements = () => {
    const roleId = (auth.findResources('AWS::Lambda::Function')[triggerFunctionId()] as Resource).Properties.Role['Fn::GetAtt'][0];
    return resources(auth, 'AWS::IAM::Policy')
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };

  it("is the manifest's job, built in the auth stack (not the events stack) with the house settings and the manifest's timeout", () => {
    const fn = (auth.findResources('AWS::Lambda::Function')[triggerFunctionId()] as Resource).Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Timeout: job().timeoutSeconds });
    expect(job().timeoutSeconds).toBeLessThanOrEqual(5);
    expect(fn.Environment.Variables).toMatchObject({
      STAGE: 'aws',
      TABLE_NAME: { 'Fn::ImportValue': expect.stringMatching(/^BookingData:ExportsOutputRefTable/) },
    });
    // The pool id comes in the event: no COGNITO_USER_POOL_ID (it would make the function wait for the pool, a cycle).
    expect(fn.Environment.Variables.COGNITO_USER_POOL_ID).toBeUndefined();
    expect(Object.keys(events.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith(routeConstructName(job().name)))).toEqual([]);
    for (const group of resources(auth, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("is the pool's PostConfirmation trigger, and only this pool may invoke it", () => {
    const pool = (auth.findResources('AWS::Cognito::UserPool')[poolId()] as Resource).Properties;
    expect(pool.LambdaConfig.PostConfirmation).toEqual({ 'Fn::GetAtt': [triggerFunctionId(), 'Arn'] });
    const permissions = resources(auth, 'AWS::Lambda::Permission').map((p) => p.Properties);
    expect(permissions.filter((p) => JSON.stringify(p.FunctionName).includes(triggerFunctionId()))).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [triggerFunctionId(), 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [poolId(), 'Arn'] },
      },
    ]);
  });

  it('may write the table as GET /api/me does (the same ensureProfile), read the groups of this pool, and nothing else; no wildcard action', () => {
    const granted = triggerStatements();
    expect(granted.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    // Table: exactly what bindTable gives GET /api/me, whose lazy creation this is; on the table and its named indexes.
    const tableStatements = granted.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(tableStatements).toHaveLength(1);
    const meTable = (policyOfRoute('GET /api/me').Properties.PolicyDocument.Statement as Statement[]).find((s) => actionsOf(s)[0]!.startsWith('dynamodb:'))!;
    expect(job().table).toBe(routes['GET /api/me'].table);
    expect(actionsOf(tableStatements[0]!)).toEqual(actionsOf(meTable));
    expect(actionsOf(tableStatements[0]!)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actionsOf(tableStatements[0]!)).not.toContain('dynamodb:Scan');
    expect(JSON.stringify(tableStatements[0]!.Resource).match(/\/index\/[^"]+/g)).toEqual(tableDefinition.globalIndexes.map((i) => `/index/${i.indexName}`));
    expect(refersTo(tableStatements[0]!.Resource, 'Table')).toBe(true);
    // KMS: the table's key only (never the token key).
    const kms = granted.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(refersTo(kms[0]!.Resource, 'TableKey')).toBe(true);
    // Cognito: listing a user's groups, on this pool only, in a policy of its own (see AuthStack).
    expect(granted.filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')))).toEqual([
      { Effect: 'Allow', Action: 'cognito-idp:AdminListGroupsForUser', Resource: { 'Fn::GetAtt': [poolId(), 'Arn'] } },
    ]);
    // That policy is not one the function waits for: pool → function → policy → pool would be a cycle.
    const [groupPolicyId] = Object.entries(auth.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p).includes('cognito-idp:AdminListGroupsForUser'))
      .map(([id]) => id);
    const fnDependsOn = (auth.findResources('AWS::Lambda::Function')[triggerFunctionId()] as Resource).DependsOn ?? [];
    expect(fnDependsOn.length).toBeGreaterThan(0);
    expect(fnDependsOn).not.toContain(groupPolicyId);
    // Besides: its own log group and X-Ray. No events, queue, secret, email.
    const services = new Set(granted.flatMap(actionsOf).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['cognito-idp', 'dynamodb', 'kms', 'logs', 'xray']);
    for (const s of granted.filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')))) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] });
    }
    for (const role of resources(auth, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('raises an alarm when the trigger fails and when it logs a failure it let through', () => {
    // Two for this trigger, one (its errors) for the CustomMessage trigger.
    const alarms = resources(auth, 'AWS::CloudWatch::Alarm').map((a) => a.Properties);
    expect(alarms).toHaveLength(3);
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'Errors', Threshold: 1, Dimensions: [{ Name: 'FunctionName', Value: { Ref: triggerFunctionId() } }] }),
    );
    const [filter] = resources(auth, 'AWS::Logs::MetricFilter').map((f) => f.Properties);
    expect(filter).toMatchObject({ FilterPattern: '{ $.level = "ERROR" }', MetricTransformations: [{ MetricValue: '1' }] });
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: filter.MetricTransformations[0].MetricName, Namespace: filter.MetricTransformations[0].MetricNamespace, Threshold: 1 }),
    );
  });
});

describe('the auth stack: account e-mails and account rules', () => {
  const poolProperties = (template = auth) => Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
  const messageFunctionId = () =>
    Object.keys(auth.findResources('AWS::Lambda::Function')).find((id) => new RegExp(`^${routeConstructName('compose-account-email')}[0-9A-F]{8}$`).test(id))!;

  it('writes them with the CustomMessage trigger, which reads no table and has no grant, and only this pool may invoke', () => {
    expect(poolProperties().LambdaConfig.CustomMessage).toEqual({ 'Fn::GetAtt': [messageFunctionId(), 'Arn'] });
    const fn = (auth.findResources('AWS::Lambda::Function')[messageFunctionId()] as Resource).Properties;
    expect(fn.Environment.Variables.TABLE_NAME).toBeUndefined();
    // No -c siteUrl in this synth: no SITE_URL, so no localhost link in a real e-mail.
    expect(fn.Environment.Variables.SITE_URL).toBeUndefined();
    const roleId = fn.Role['Fn::GetAtt'][0];
    const granted = resources(auth, 'AWS::IAM::Policy')
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect([...new Set(granted.flatMap(actionsOf).map((a) => a.split(':')[0]))].sort()).toEqual(['logs', 'xray']);
    const permission = resources(auth, 'AWS::Lambda::Permission').find((p) => JSON.stringify(p.Properties.FunctionName).includes(messageFunctionId()))!;
    expect(permission.Properties).toMatchObject({ Principal: 'cognito-idp.amazonaws.com', SourceArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
  });

  it('keeps the current e-mail until a new one is verified, and the password policy is the one the site explains', () => {
    const pool = poolProperties();
    expect(pool.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: ['email'] });
    expect(pool.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: PASSWORD_POLICY.minLength,
      RequireLowercase: PASSWORD_POLICY.requireLowercase,
      RequireUppercase: PASSWORD_POLICY.requireUppercase,
      RequireNumbers: PASSWORD_POLICY.requireDigits,
      RequireSymbols: PASSWORD_POLICY.requireSymbols,
    });
    expect(pool.Schema).toContainEqual(expect.objectContaining({ Name: 'locale', Mutable: true }));
  });

  it("sends with Cognito's own sender by default, and through SES from -c cognitoMailFrom (with the links of -c siteUrl)", () => {
    expect(poolProperties().EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
    const withSes = unbundledApp({ cognitoMailFrom: 'rdv@cabinet.example', siteUrl: 'https://rdv.cabinet.example' });
    const template = Template.fromStack(withSes.auth);
    expect(poolProperties(template).EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'Rendez-vous <rdv@cabinet.example>',
      SourceArn: { 'Fn::Join': ['', expect.arrayContaining([':identity/rdv@cabinet.example'])] },
    });
    const variables = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => (f as Resource).Properties.Environment.Variables);
    expect(variables.every((v) => v.SITE_URL === 'https://rdv.cabinet.example')).toBe(true);
  });
});

describe("the auth stack: the site's app client", () => {
  it('has no OAuth flows and no callback URLs: the site signs in through the API, never the hosted UI', () => {
    const [client] = resources(auth, 'AWS::Cognito::UserPoolClient');
    expect(client!.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client!.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client!.Properties.CallbackURLs).toBeUndefined();
    expect(client!.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']));
  });
});

describe('the sync stack', () => {
  it('has an encrypted, TLS-only sync queue with a dead-letter queue, hiding messages for 6 × the worker timeout', () => {
    const queues = sync.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    const dlqId = logicalId(sync, 'AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600 });
    const queueId = logicalId(sync, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
    const worker = listJobs().find((j) => j.trigger === 'CalendarSyncQueue')!;
    expect((queues[queueId] as Resource).Properties).toEqual({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: VISIBILITY_TIMEOUT_FACTOR * (worker.timeoutSeconds ?? 10),
      MessageRetentionPeriod: 4 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: SYNC_MAX_RECEIVE_COUNT },
    });
    expect(VISIBILITY_TIMEOUT_FACTOR).toBeGreaterThanOrEqual(6);
    expect(SYNC_MAX_RECEIVE_COUNT).toBe(5);
    expect((queues[dlqId] as Resource).Properties.SqsManagedSseEnabled).toBe(true);
    for (const id of [queueId, dlqId]) {
      const policy = resources(sync, 'AWS::SQS::QueuePolicy').find((p) => p.Properties.Queues[0].Ref === id)!;
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('the data stack, derived from shared/db/table.ts', () => {
  it('has the table keys, indexes and TTL of the model, PITR and deletion protection', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
    expect(built.data.terminationProtection).toBe(true);
  });

  it('rotates its KMS keys', () => {
    const keys = resources(data, 'AWS::KMS::Key');
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
  });
});

describe('the site stack', () => {
  it('keeps the site bucket private, encrypted, TLS-only and logged', () => {
    const bucketId = logicalId(site, 'AWS::S3::Bucket', { LoggingConfiguration: Match.anyValue() });
    const bucket = site.findResources('AWS::S3::Bucket')[bucketId] as Resource;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const policy = resources(site, 'AWS::S3::BucketPolicy').find((p) => p.Properties.Bucket.Ref === bucketId)!;
    const policyStatements = policy.Properties.PolicyDocument.Statement as Array<Statement & { Effect: string; Principal: unknown }>;
    expect(policyStatements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront may read, and only for this distribution.
    for (const s of policyStatements.filter((s) => s.Effect === 'Allow')) {
      expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(s.Condition)).toContain('AWS:SourceArn');
    }
  });

  it('reaches the bucket through Origin Access Control, not an identity', () => {
    site.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(site.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    const config = distribution();
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin.Id);
  });

  it('routes /api/* to the HttpApi uncached, with every viewer header but Host and every method', () => {
    const config = distribution();
    const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(behavior).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    expect([...behavior.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    // The viewer's own address reaches the API (its per-address limits), set from the connection.
    const viewerAddress = logicalId(site, 'AWS::CloudFront::Function', { FunctionConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('x-viewer-address') }) });
    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [viewerAddress, 'FunctionARN'] } }]);
    expect(resources(site, 'AWS::CloudFront::Function').find((f) => f.Properties.FunctionCode.includes('event.viewer.ip'))).toBeDefined();
    const origin = config.Origins.find((o: any) => o.Id === behavior.TargetOriginId);
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    // The API is this stack's (no stack cycle: the API stack fills it and reads the distribution's domain).
    expect(origin.DomainName).toEqual({ 'Fn::Join': ['', [{ Ref: logicalId(site, 'AWS::ApiGatewayV2::Api', {}) }, '.execute-api.eu-west-3.', { Ref: 'AWS::URLSuffix' }]] });
  });

  it('rewrites deep links on the page behaviors (the default and /book/*) only, and answers a missing page with /404.html', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ]);
    const rewrite = config.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0];
    // /api/* is never rewritten (its one function passes the viewer's address); the booking pages are.
    expect(JSON.stringify(behaviorAt(config, '/api/*').FunctionAssociations)).not.toContain(rewrite);
    expect(behaviorAt(config, '/book/*').FunctionAssociations).toEqual(config.DefaultCacheBehavior.FunctionAssociations);
    const code = site.toJSON().Resources[rewrite].Properties.FunctionCode as string;
    expect(code).toBe(readFileSync(path.join(ROOT, 'infra/site/rewrite.js'), 'utf8'));
    expect(config.CustomErrorResponses).toContainEqual({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 0 });
    // Error pages are distribution-wide: an API 403 must reach the browser as it is, and no error is cached.
    for (const response of config.CustomErrorResponses) {
      expect(response.ErrorCachingMinTTL).toBe(0);
      if (response.ErrorCode !== 404) expect(response.ResponsePagePath).toBeUndefined();
    }
  });

  it('sends the security headers on the site and the API, the same the local gateway sends', async () => {
    const config = distribution();
    const policyRef = config.DefaultCacheBehavior.ResponseHeadersPolicyId;
    const policy = responseHeadersPolicy(site, policyRef);
    expect(policy).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = policy.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' https://cognito-idp.eu-west-3.amazonaws.com");
    expect(csp).toContain("frame-ancestors 'none'");
    // The headers CloudFront adds under this policy are exactly those the local gateway sends
    // (siteSecurityHeaders, checked against the gateway in test/local/security-headers.test.ts).
    const sent = {
      'strict-transport-security': `max-age=${policy.StrictTransportSecurity.AccessControlMaxAgeSec}${policy.StrictTransportSecurity.IncludeSubdomains ? '; includeSubDomains' : ''}`,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': policy.FrameOptions.FrameOption,
      'referrer-policy': policy.ReferrerPolicy.ReferrerPolicy,
    };
    expect(Object.keys(policy).sort()).toEqual(['ContentSecurityPolicy', 'ContentTypeOptions', 'FrameOptions', 'ReferrerPolicy', 'StrictTransportSecurity']);
    expect(sent).toEqual(siteSecurityHeaders({ region: 'eu-west-3', inlineScriptHashes: inlineScriptHashes(await ensureSiteBuilt(ROOT)) }));
    expect(behaviorAt(config, '/api/*').ResponseHeadersPolicyId).toEqual(policyRef);
  });

  it('lets the public booking pages (/book/*), and only them, be framed: by the site and the -c bookingEmbedOrigins sites, never with X-Frame-Options', async () => {
    const hashes = inlineScriptHashes(await ensureSiteBuilt(ROOT));
    // Without the setting: the site itself only.
    const book = behaviorAt(distribution(), '/book/*');
    expect(book).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId, TargetOriginId: distribution().DefaultCacheBehavior.TargetOriginId });
    expect(cspOf(responseHeadersPolicy(site, book.ResponseHeadersPolicyId))).toContain("frame-ancestors 'self';");

    const origins = ['https://www.cabinet.example', 'https://rdv.partenaire.example:8443'];
    const other = Template.fromStack(unbundledApp({ bookingEmbedOrigins: ` ${origins[0]}/ ,${origins[1]}` }).site);
    const config = resources(other, 'AWS::CloudFront::Distribution')[0]!.Properties.DistributionConfig;
    const embeddable = responseHeadersPolicy(other, behaviorAt(config, '/book/*').ResponseHeadersPolicyId);
    expect(cspOf(embeddable)).toContain(`frame-ancestors 'self' ${origins.join(' ')};`);
    expect(embeddable.FrameOptions).toBeUndefined();
    expect(Object.keys(embeddable).sort()).toEqual(['ContentSecurityPolicy', 'ContentTypeOptions', 'ReferrerPolicy', 'StrictTransportSecurity']);
    // Exactly what the local gateway sends under /book/ (test/local/security-headers.test.ts).
    expect({
      'strict-transport-security': `max-age=${embeddable.StrictTransportSecurity.AccessControlMaxAgeSec}; includeSubDomains`,
      'content-security-policy': cspOf(embeddable),
      'x-content-type-options': 'nosniff',
      'referrer-policy': embeddable.ReferrerPolicy.ReferrerPolicy,
    }).toEqual(embeddableSecurityHeaders({ region: 'eu-west-3', inlineScriptHashes: hashes, embedOrigins: origins }));
    // Every other page and the API: nobody may frame them.
    for (const ref of [config.DefaultCacheBehavior.ResponseHeadersPolicyId, behaviorAt(config, '/api/*').ResponseHeadersPolicyId]) {
      const policy = responseHeadersPolicy(other, ref);
      expect(cspOf(policy)).toContain("frame-ancestors 'none'");
      expect(policy.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    }
  });

  it('refuses, at synth, a -c bookingEmbedOrigins entry that is not a bare https origin', () => {
    for (const bad of ['http://www.cabinet.example', 'https://www.cabinet.example/book', 'https://*.cabinet.example', "'self'", 'www.cabinet.example', 'https://a.example;script-src *', 'https://a.example?x=1']) {
      expect(() => unbundledApp({ bookingEmbedOrigins: `https://ok.example,${bad}` }), bad).toThrow(/-c bookingEmbedOrigins must list an https origin per entry/);
    }
  });

  it('deploys the built site and a config.json made from the stack outputs', () => {
    const deployments = resources(site, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const pages = deployments.find((d) => d.Properties.DistributionId)!.Properties;
    expect(pages.DistributionPaths).toEqual(['/*']);
    const markers = pages.SourceMarkers.find((m: object) => Object.keys(m).length > 0) as Record<string, unknown>;
    expect(Object.values(markers).map((v) => JSON.stringify(v))).toEqual([
      expect.stringMatching(/BookingAuth:ExportsOutputRefUsers[0-9A-F]/),
      expect.stringMatching(/BookingAuth:ExportsOutputRefUsersSite/),
    ]);
    const configFile = readdirSync(assemblyDir)
      .map((entry) => path.join(assemblyDir, entry, 'config.json'))
      .find((file) => existsSync(file))!;
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    const [poolMarker, clientMarker] = Object.keys(markers);
    expect(config).toEqual({ apiUrl: '/api', region: 'eu-west-3', userPoolId: poolMarker, userPoolClientId: clientMarker });
  });

  it('refuses to synthesise without a built site, and says how to build it', () => {
    const app = new App();
    const stack = new Stack(app, 'Deps');
    const pool = new UserPool(stack, 'Pool');
    expect(
      () =>
        new SiteStack(app, 'Site', {
          webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/booking/00000000-0000-0000-0000-000000000000',
          userPool: pool,
          userPoolClient: pool.addClient('Client'),
          siteDist: mkdtempSync(path.join(os.tmpdir(), 'no-site-')),
        }),
    ).toThrow(/run `npm run build` first/);
  });
});

describe('the API only through CloudFront (issue 19)', () => {
  const apiOriginContext = { apiOriginDomain: 'api-origin.book.example.org', apiOriginCertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555' };

  it('makes the HttpApi in the site stack and fills it from the API stack: one-way dependencies, no cycle', () => {
    expect(api.findResources('AWS::ApiGatewayV2::Api')).toEqual({});
    site.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    const apiId = resources(api, 'AWS::ApiGatewayV2::Stage')[0]!.Properties.ApiId;
    expect(apiId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^BookingSite:ExportsOutputRefApi/) });
    expect(built.api.dependencies).toContain(built.site);
    expect(built.site.dependencies).not.toContain(built.api);
  });

  it('keeps the execute-api endpoint (the only origin CloudFront has) and warns, without a custom origin domain', () => {
    site.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    expect(Annotations.fromStack(built.site).findWarning('*', Match.stringLikeRegexp('execute-api URL stays open'))).toHaveLength(1);
  });

  it('with -c apiOriginDomain: CloudFront reaches the API at that domain and the execute-api endpoint is disabled', () => {
    const other = unbundledApp(apiOriginContext);
    const otherSite = Template.fromStack(other.site);
    const otherApi = Template.fromStack(other.api);
    otherSite.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    otherSite.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: apiOriginContext.apiOriginDomain,
      DomainNameConfigurations: [{ CertificateArn: apiOriginContext.apiOriginCertificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    const config = resources(otherSite, 'AWS::CloudFront::Distribution')[0]!.Properties.DistributionConfig;
    const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(config.Origins.find((o: any) => o.Id === behavior.TargetOriginId).DomainName).toBe(apiOriginContext.apiOriginDomain);
    // The mapping names the stage and waits for it (the stage is made in the same stack).
    const mapping = resources(otherApi, 'AWS::ApiGatewayV2::ApiMapping')[0]!;
    expect(mapping.Properties.Stage).toBe('$default');
    expect(mapping.DependsOn).toEqual([logicalId(otherApi, 'AWS::ApiGatewayV2::Stage', { StageName: '$default' })]);
    expect(Annotations.fromStack(other.site).findWarning('*', Match.stringLikeRegexp('execute-api'))).toEqual([]);
    expect(() => unbundledApp({ apiOriginDomain: apiOriginContext.apiOriginDomain })).toThrow(/go together/);
  });
});

describe('the WAF web ACL in front of the distribution (issue 19)', () => {
  const webAcl = () => resources(firewall, 'AWS::WAFv2::WebACL')[0]!.Properties;
  const rule = (name: string, properties = webAcl()) => properties.Rules.find((r: any) => r.Name === name);
  const tooManyRequests = {
    Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: RATE_LIMITED_BODY_KEY, ResponseHeaders: [{ Name: 'retry-after', Value: expect.any(String) }] } },
  };

  it('is a CLOUDFRONT web ACL in us-east-1, associated to the distribution through a cross-region reference', () => {
    expect(built.firewall.region).toBe('us-east-1');
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(distribution().WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/BookingFirewall.*WebAclArn/)] });
    expect(built.site.dependencies).toContain(built.firewall);
  });

  it("answers a refusal 429 with the API's error envelope", () => {
    expect(webAcl().CustomResponseBodies[RATE_LIMITED_BODY_KEY]).toEqual({ ContentType: 'APPLICATION_JSON', Content: RATE_LIMITED_BODY });
    expect(JSON.parse(RATE_LIMITED_BODY)).toEqual({ success: false, error: expect.any(String) });
  });

  it('limits the public routes and sign-in callbacks per IP (strict), from the manifest', () => {
    const strict = rule('public-routes-per-ip');
    expect(strict.Action).toEqual(tooManyRequests);
    const statement = strict.Statement.RateBasedStatement;
    expect(statement).toMatchObject({ AggregateKeyType: 'IP', Limit: PUBLIC_ROUTES_RATE_LIMIT.limit, EvaluationWindowSec: PUBLIC_ROUTES_RATE_LIMIT.windowSeconds });
    const paths = statement.ScopeDownStatement.OrStatement.Statements.map((s: any) => {
      expect(s.ByteMatchStatement.FieldToMatch).toEqual({ UriPath: {} });
      return `${s.ByteMatchStatement.PositionalConstraint} ${s.ByteMatchStatement.SearchString}`;
    });
    expect(paths).toEqual(
      expect.arrayContaining([
        'EXACTLY /api/availability',
        'STARTS_WITH /api/calendar/callback/',
        'EXACTLY /api/lago-webhook',
        'EXACTLY /api/calendar/notifications/google',
        'EXACTLY /api/calendar/notifications/microsoft',
      ]),
    );
    expect(paths).toHaveLength(new Set(listRoutes().filter((r) => r.access === 'public').map((r) => r.path.split('{')[0])).size);
  });

  it('limits every request to the site and the API per IP, less strictly', () => {
    const wide = rule('site-per-ip');
    expect(wide.Action).toEqual(tooManyRequests);
    expect(wide.Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', Limit: SITE_RATE_LIMIT.limit, EvaluationWindowSec: SITE_RATE_LIMIT.windowSeconds });
    expect(rule('public-routes-per-ip').Priority).toBeLessThan(wide.Priority);
  });

  it("runs AWS's common rule set, counting (not blocking) bodies over 8 KB and Microsoft's long OAuth callback queries: our routes bound their own", () => {
    const common = rule(COMMON_RULE_SET);
    expect(common.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: COMMON_RULE_SET,
      RuleActionOverrides: [
        { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
        { Name: 'SizeRestrictions_QUERYSTRING', ActionToUse: { Count: {} } },
      ],
    });
    expect(common.OverrideAction).toEqual({ None: {} });
    // After the rate rules, so they count every request.
    expect(common.Priority).toBeGreaterThan(rule('site-per-ip').Priority);
  });

  it('logs what it refused or counted to an aws-waf-logs- group, without query strings or ID tokens', () => {
    const group = resources(firewall, 'AWS::Logs::LogGroup')[0]!.Properties;
    expect(group.LogGroupName).toMatch(/^aws-waf-logs-/);
    expect(group.RetentionInDays).toBe(30);
    const logging = resources(firewall, 'AWS::WAFv2::LoggingConfiguration')[0]!.Properties;
    expect(logging.ResourceArn).toEqual({ 'Fn::GetAtt': [logicalId(firewall, 'AWS::WAFv2::WebACL', {}), 'Arn'] });
    // The group's own ARN, not CDK's `…:*` form, which WAF refuses.
    expect(JSON.stringify(logging.LogDestinationConfigs)).toContain(`:log-group:",{"Ref":"${logicalId(firewall, 'AWS::Logs::LogGroup', {})}"}]]}`);
    expect(JSON.stringify(logging.LogDestinationConfigs)).not.toContain(':*');
    expect(logging.RedactedFields).toEqual([{ QueryString: {} }, { SingleHeader: { Name: 'authorization' } }]);
    expect(logging.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }] }],
    });
  });

  it('takes its limits from context', () => {
    const other = Template.fromStack(unbundledApp({ publicRateLimit: '50', siteRateLimit: '1000' }).firewall);
    const properties = other.toJSON().Resources[logicalId(other, 'AWS::WAFv2::WebACL', {})].Properties;
    expect(rule('public-routes-per-ip', properties).Statement.RateBasedStatement.Limit).toBe(50);
    expect(rule('site-per-ip', properties).Statement.RateBasedStatement.Limit).toBe(1000);
    expect(() => unbundledApp({ publicRateLimit: 'lots' })).toThrow(/-c publicRateLimit must be a whole number/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the whole app', () => {
    // cdk-nag 3 reports through CDK's policy validation, not annotations: run its pack directly.
    const report = new AwsSolutionsChecks().validateScope(built.app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(findings).toEqual([]);
    for (const stack of [built.data, built.auth, built.sync, built.firewall, built.api, built.site, built.events]) {
      expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('gives every acknowledgement a specific written reason', () => {
    // CDK acknowledges a few of its own template-lint findings too; ours are the AwsSolutions ones.
    const acknowledged = acknowledgements(built.app).filter((a) => a.id.includes('AwsSolutions-'));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path: at, id, reason } of acknowledged) {
      expect(reason.length, `${id} at ${at}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('stops the synth of the real app on an unacknowledged finding', () => {
    // Bundling skipped: this app is only synthesised to see the validation fail.
    const { app, site: siteStack } = buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:defaultCrossStackReferences': 'strong' } }),
    );
    new Bucket(siteStack, 'Careless');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*BookingSite\/Careless/);
  });
});

/** The real app with other context, not bundled (policies and environment only). */
function unbundledApp(context: Record<string, string>) {
  return buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...context } }));
}

/** A distribution's cache behavior by its path pattern. */
function behaviorAt(config: any, pattern: string) {
  const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === pattern);
  if (!behavior) throw new Error(`no cache behavior for ${pattern}`);
  return behavior;
}

/** The security headers of the response headers policy a behavior names ({ Ref: logical id }). */
function responseHeadersPolicy(template: Template, ref: { Ref: string }) {
  return template.toJSON().Resources[ref.Ref].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
}

const cspOf = (policy: any) => policy.ContentSecurityPolicy.ContentSecurityPolicy as string;

function distribution() {
  return resources(site, 'AWS::CloudFront::Distribution')[0]!.Properties.DistributionConfig;
}

function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
      ),
  );
}
