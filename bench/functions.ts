/**
 * Issue 20's function targets: each route's and job's bundle as CDK builds it (minified size,
 * gzip), the time Node takes to import it cold, and to import it and answer a first invocation
 * against DynamoDB Local, as ratios to a bare handler built the same way that loads only the
 * DynamoDB clients. Alone: `npx tsx bench/functions.ts` (prints, writes nothing). Each bundle is
 * imported cold ROUNDS times, each round in the same order on a table of its own, so that every
 * first invocation meets the same data in every round: about 240 fresh processes, one at a time.
 */
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { listJobs, listRoutes, type JobTrigger, type ManifestRoute } from '../functions/routes.ts';
import { ESBUILD_OPTIONS, FUNCTION_ENVIRONMENT } from '../infra/constructs/bundling.ts';
import { cognitoClient, ensureUser, ensureUserPool, startCognitoLocal } from '../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../local/demo.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { freePort } from '../local/processes.ts';
import { ensureTable } from '../local/table.ts';
import { APPOINTMENT_CHANGED, describeChange } from '../shared/events/appointment-changed.ts';
import { FIRST_LOAD_ROUTES } from './pages.ts';

/**
 * Issue 20: bundles at most 350 KB each (the two e-mail jobs 450 KB) and 300 KB at the median; a
 * cold import, and an import with its first invocation, at most 1.5× the bare handler at the
 * median and 2× at worst.
 */
export const SIZE_TARGET_KB = 350;
export const EMAIL_SIZE_TARGET_KB = 450;
export const MEDIAN_SIZE_TARGET_KB = 300;
export const MEDIAN_RATIO_TARGET = 1.5;
export const WORST_RATIO_TARGET = 2;
const ROOT = path.resolve(import.meta.dirname, '..');
/** Cold imports of each bundle: the figures are their medians. */
const ROUNDS = 3;

/**
 * Bundles are written inside the repository's node_modules, so that their imports of the AWS SDK
 * (left out of the bundle, as the Lambda runtime provides it) resolve to node_modules/@aws-sdk as
 * they resolve to the runtime's copy in AWS.
 */
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'bench-bundles');

interface FunctionEntry {
  name: string;
  /** Module from the repository root, exporting `handler`. */
  handler: string;
  sizeTargetKb: number;
  /** What its first invocation is given. */
  event: unknown;
}

/**
 * The user pool of the first invocations: cognito-local (as under `npm start`), so that a function
 * that calls Cognito (the sign-up trigger reads the user's groups, an account's erasure deletes its
 * sign-in) does what it does in AWS instead of failing to reach AWS; `userName` is a user in it.
 */
interface BenchPool {
  url: string;
  userPoolId: string;
  userName: string;
}

/** The demo admin of the first invocations: a signed-in caller every route accepts. */
const CALLER = { sub: '5b0c6a52-7d0e-4f53-9c1e-2a7d3f6b8e41', email: 'admin@example.com' };

/**
 * A route's first request, as API Gateway hands it over (payload 2.0): the demo admin's ID-token
 * claims unless the route is public, an unknown id in each path parameter (the 404 path reads the
 * table as a found one does), no query, and an empty JSON object as body where the route takes one
 * (its validation answers 400 after the caller's standing was read).
 */
function routeEvent(route: ManifestRoute): unknown {
  const pathParameters = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, name === 'provider' ? 'google' : '0f8fad5b-d9cb-469f-a165-70867728950e']),
  );
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name]!);
  // Its sign-in is not the pool's bench user: an erasure (DELETE /api/me) finds it already gone, as a retried one would.
  const claims = { ...CALLER, 'cognito:username': 'bench-caller', token_use: 'id', 'cognito:groups': '[admin]', iat: String(Math.floor(Date.now() / 1000)) };
  return {
    version: '2.0',
    routeKey: route.key,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'bench' },
    requestContext: {
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' },
      requestId: 'bench-request',
      routeKey: route.key,
      stage: '$default',
      timeEpoch: Date.now(),
      ...(route.access === 'public' ? {} : { authorizer: { jwt: { claims, scopes: [] } } }),
    },
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    ...(route.request?.body ? { body: '{}' } : {}),
    isBase64Encoded: false,
  };
}

/** A job's first invocation: what its trigger delivers (an AppointmentChanged event for a new request, a schedule tick, an empty queue batch, a sign-up). */
function jobEvent(trigger: JobTrigger, pool: BenchPool): unknown {
  const cognito = { version: '1', region: 'eu-west-3', userPoolId: pool.userPoolId, userName: pool.userName, callerContext: { awsSdkVersion: 'bench', clientId: 'bench' } };
  const userAttributes = { sub: CALLER.sub, email: CALLER.email, email_verified: 'true' };
  if (trigger === 'AppointmentChanged') {
    const start = new Date(Date.now() + 7 * 86_400_000);
    const appointment = {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      userId: CALLER.sub,
      title: 'Bench',
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 3_600_000).toISOString(),
      timezone: 'Europe/Paris',
      status: 'pending',
      type: 'free',
      createdBy: CALLER.sub,
      version: 1,
    };
    return { version: '0', id: 'bench-event', 'detail-type': APPOINTMENT_CHANGED.detailType, source: APPOINTMENT_CHANGED.source, account: '000000000000', time: new Date().toISOString(), region: 'eu-west-3', resources: [], detail: describeChange('created', undefined, appointment, CALLER.sub, new Date().toISOString()) };
  }
  if (trigger === 'CalendarSyncQueue') return { Records: [] };
  if (trigger === 'CognitoPostConfirmation') return { ...cognito, triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes }, response: {} };
  if (trigger === 'CognitoCustomMessage') {
    return { ...cognito, triggerSource: 'CustomMessage_SignUp', request: { userAttributes, codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null }, response: { smsMessage: null, emailMessage: null, emailSubject: null } };
  }
  return { version: '0', id: 'bench-tick', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', account: '000000000000', time: new Date().toISOString(), region: 'eu-west-3', resources: [], detail: {} };
}

/** The two jobs that assemble and send e-mail (nodemailer, ical-generator) may be larger (issue 20). */
function functionEntries(pool: BenchPool): FunctionEntry[] {
  const routes = listRoutes().map((route) => ({ name: route.key, handler: route.handler, sizeTargetKb: SIZE_TARGET_KB, event: routeEvent(route) }));
  const jobs = listJobs().map((job) => ({
    name: `job ${job.name}`,
    handler: job.handler,
    sizeTargetKb: job.grants?.includes('sendEmail') ? EMAIL_SIZE_TARGET_KB : SIZE_TARGET_KB,
    event: jobEvent(job.trigger, pool),
  }));
  return [...routes, ...jobs];
}

/**
 * The baseline, as issue 20 defines it: a handler that imports @aws-sdk/client-dynamodb and
 * @aws-sdk/lib-dynamodb (the document client every function that reads the table uses: ElectroDB
 * requires it) and makes its client on first use, as shared/db/client.ts does; its first
 * invocation reads one item. BARE_REQUIRE is the same handler loading the clients through require,
 * as the functions do (shared/aws/load-sdk.ts): the floor under every function today, reported
 * beside the targets. The reference row loads the low-level client only (health and the OpenAPI
 * route load no more).
 */
/** What the two bare handlers do once they have the document client's module and the low-level client. */
const BARE_HANDLER = `let client;
export const handler = async () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }));
  const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'bench', sk: 'bench' } }));
  return { statusCode: Item ? 200 : 404, body: '' };
};`;
const BARE = {
  name: 'bare handler: @aws-sdk/client-dynamodb + lib-dynamodb',
  source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
${BARE_HANDLER}`,
};
const BARE_REQUIRE = {
  name: 'bare handler, clients loaded through require',
  source: `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
${BARE_HANDLER}`,
};
const BARE_CLIENT_ONLY = {
  name: 'reference: @aws-sdk/client-dynamodb only',
  source: `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
let client;
export const handler = async () => {
  client ??= new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT });
  const { Item } = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'bench' }, sk: { S: 'bench' } } }));
  return { statusCode: Item ? 200 : 404, body: '' };
};`,
};

interface Built {
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

async function bundle(slug: string, input: { entry: string } | { source: string }): Promise<Built> {
  const file = path.join(OUT_DIR, `${slug}.mjs`);
  const result = await build({
    ...ESBUILD_OPTIONS,
    ...('entry' in input ? { entryPoints: [path.join(ROOT, input.entry)] } : { stdin: { contents: input.source, resolveDir: ROOT, loader: 'js' } }),
    outfile: file,
    absWorkingDir: ROOT,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  for (const output of result.outputFiles!) writeFileSync(output.path, output.contents);
  const code = result.outputFiles!.find((output) => output.path === file)!.contents;
  return { file, bytes: code.length, gzipBytes: gzipSync(code).length, metafile: result.metafile! };
}

/**
 * Imports the bundle in a fresh Node process, with the environment every function starts with in
 * AWS (infra/constructs/bundling.ts) and DynamoDB Local as its table; the time of the
 * `import()` alone, wall clock and the CPU time the process used meanwhile; then the same for the
 * handler's first invocation with `event` (the whole answer awaited; a handler that throws counts
 * the same, its error named in the outcome).
 */
const PROBE = `import { readFileSync } from 'node:fs';
const [url, eventFile] = process.argv.slice(2);
let cpu = process.cpuUsage(); let t0 = performance.now();
const module = await import(url);
const wall = performance.now() - t0; const used = process.cpuUsage(cpu);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { functionName: 'bench', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:bench', memoryLimitInMB: '512', awsRequestId: 'bench-invocation', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
cpu = process.cpuUsage(); t0 = performance.now();
let outcome;
try { const answer = await module.handler(event, context); outcome = String(answer?.statusCode ?? 'ok'); } catch (error) { outcome = 'threw ' + (error?.name ?? 'error'); }
const firstWall = performance.now() - t0; const firstUsed = process.cpuUsage(cpu);
console.log('BENCH ' + JSON.stringify({ wall, cpu: (used.user + used.system) / 1000, firstWall, firstCpu: (firstUsed.user + firstUsed.system) / 1000, outcome }));
process.exit(0);`;

const run = promisify(execFile);

interface Sample {
  wall: number;
  cpu: number;
  firstWall: number;
  firstCpu: number;
  outcome: string;
}

async function coldImport(file: string, eventFile: string, endpoint: string, table: string, pool: BenchPool): Promise<Sample> {
  const { stdout } = await run(process.execPath, [path.join(OUT_DIR, 'probe.mjs'), pathToFileURL(file).href, eventFile], {
    cwd: OUT_DIR,
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      ...FUNCTION_ENVIRONMENT,
      AWS_REGION: 'eu-west-3',
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: endpoint,
      COGNITO_ENDPOINT: pool.url,
      COGNITO_USER_POOL_ID: pool.userPoolId,
      // As the function role provides them in AWS: nothing looks for credentials elsewhere (no instance metadata).
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`no measure from ${file}: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice('BENCH '.length)) as Sample;
}

const TABLE = 'booking-bench-functions';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The package (or our own folder) an esbuild input belongs to. */
function origin(input: string): string {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1]!;
  return input.startsWith('shared/') || input.startsWith('functions/') ? 'our code (shared/, functions/)' : input;
}

/** One figure's ratios over the functions: median and worst, and where the worst is. */
export interface RatioSummary {
  median: number;
  worst: { name: string; ratio: number };
}

export interface FunctionsSummary {
  count: number;
  largest: { name: string; bytes: number; targetKb: number };
  medianBytes: number;
  overSize: number;
  /** Cold import: wall clock, CPU time. */
  importWall: RatioSummary;
  importCpu: RatioSummary;
  /** Import and first invocation: wall clock, CPU time. */
  firstWall: RatioSummary;
  firstCpu: RatioSummary;
  /** The same four figures against the bare handler that loads the clients through require, as the functions do. */
  floor: { importWall: RatioSummary; importCpu: RatioSummary; firstWall: RatioSummary; firstCpu: RatioSummary; importMs: number; firstMs: number };
  /** Whether median and worst ratios are within target, all four figures. */
  ratiosMet: boolean;
  bareMs: number;
  bareCpuMs: number;
  bareFirstMs: number;
  bareFirstCpuMs: number;
  /** Cold imports per bundle. */
  rounds: number;
  seconds: number;
}

export async function functionsReport(): Promise<{ table: string; composition: string; pages: string; summary: FunctionsSummary }> {
  const started = performance.now();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'probe.mjs'), PROBE);

  const cognitoDir = mkdtempSync(path.join(os.tmpdir(), 'bench-functions-cognito-'));
  const cognitoLocal = await startCognitoLocal({ port: await freePort(), dataDir: cognitoDir, outboxDir: path.join(cognitoDir, 'outbox') });
  let pool: BenchPool;
  try {
    const api = cognitoClient(cognitoLocal.url, 'eu-west-3');
    const { userPoolId } = await ensureUserPool(api, 'bench-functions');
    await ensureUser(api, { userPoolId, userPoolClientId: '' }, { email: CALLER.email, password: DEMO_PASSWORD, admin: true });
    pool = { url: cognitoLocal.url, userPoolId, userName: CALLER.email };
  } catch (error) {
    await cognitoLocal.stop();
    throw error;
  }

  const entries = functionEntries(pool);
  const built = new Map<string, Built>();
  const events = new Map<string, string>();
  const eventFile = (slug: string, event: unknown) => {
    const file = path.join(OUT_DIR, `${slug}.event.json`);
    writeFileSync(file, JSON.stringify(event));
    return file;
  };
  for (const [slug, bare] of [['bare', BARE], ['bare-require', BARE_REQUIRE], ['bare-client', BARE_CLIENT_ONLY]] as const) {
    built.set(bare.name, await bundle(slug, { source: bare.source }));
    events.set(bare.name, eventFile(slug, {}));
  }
  for (const [index, entry] of entries.entries()) {
    built.set(entry.name, await bundle(`function-${index}`, { entry: entry.handler }));
    events.set(entry.name, eventFile(`function-${index}`, entry.event));
  }

  // The first invocations' table: DynamoDB Local, empty at the start of each round (reads find
  // nothing, as for an unknown id). Within a round the functions leave data for the ones after them
  // (GET /api/me makes the caller's profile, the erasure removes it), so every round runs them in
  // the same order on a table of its own, and the jobs on another: a route's write may still be on
  // its way when its process ends (changing a weekly slot makes the caller's profile while it looks
  // for the slot, and a 404 ends the call first), and a profile that lands late would make the
  // e-mail job try to reach SES from a machine without network.
  const port = await freePort();
  const dynamo = await startDynamoDbLocal({ root: ROOT, port });
  const samples = new Map<string, Sample[]>();
  let roundTable = '';
  try {
    // Rounds over every bundle, one process at a time; the bare handler is measured again every few
    // bundles so that it sees the same machine (load from elsewhere, caches) as the functions do.
    const measure = async (name: string) => {
      const list = samples.get(name) ?? [];
      list.push(await coldImport(built.get(name)!.file, events.get(name)!, dynamo.url, roundTable, pool));
      samples.set(name, list);
    };
    const bare = async () => {
      await measure(BARE.name);
      await measure(BARE_REQUIRE.name);
      await measure(BARE_CLIENT_ONLY.name);
    };
    let tables = 0;
    const round = async (names: string[]) => {
      roundTable = `${TABLE}-${++tables}`;
      await ensureTable(dynamo.url, roundTable);
      for (const [index, name] of names.entries()) {
        if (index % 25 === 0) await bare();
        await measure(name);
      }
      await bare();
    };
    // One untimed pass of the bare handler: DynamoDB Local's first answers are slow.
    roundTable = `${TABLE}-warm-up`;
    await ensureTable(dynamo.url, roundTable);
    await bare();
    samples.clear();
    const routeNames = entries.filter((entry) => !entry.name.startsWith('job ')).map((entry) => entry.name);
    const jobNames = entries.filter((entry) => entry.name.startsWith('job ')).map((entry) => entry.name);
    for (let n = 0; n < ROUNDS; n++) {
      await round(routeNames);
      await round(jobNames);
    }
  } finally {
    await Promise.all([dynamo.stop(), cognitoLocal.stop()]);
    rmSync(cognitoDir, { recursive: true, force: true });
  }
  const of = (name: string, figure: (s: Sample) => number) => median(samples.get(name)!.map(figure));
  const FIGURES = {
    importWall: (s: Sample) => s.wall,
    importCpu: (s: Sample) => s.cpu,
    firstWall: (s: Sample) => s.wall + s.firstWall,
    firstCpu: (s: Sample) => s.cpu + s.firstCpu,
  } as const;
  type Figure = keyof typeof FIGURES;
  const bareOf = (figure: Figure) => of(BARE.name, FIGURES[figure]);
  const ratioOf = (name: string, figure: Figure) => of(name, FIGURES[figure]) / bareOf(figure);

  const rows = entries.map((entry) => {
    const b = built.get(entry.name)!;
    const ratios = Object.fromEntries((Object.keys(FIGURES) as Figure[]).map((figure) => [figure, ratioOf(entry.name, figure)])) as Record<Figure, number>;
    const outcomes = [...new Set(samples.get(entry.name)!.map((s) => s.outcome))].join(', ');
    const sizeOk = b.bytes <= entry.sizeTargetKb * 1024;
    const ratioOk = Object.values(ratios).every((ratio) => ratio <= WORST_RATIO_TARGET);
    return { entry, b, ratios, outcomes, sizeOk, ratioOk };
  });
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const x = (ratio: number) => `${ratio.toFixed(2)}×`;
  const cells = (name: string) =>
    (Object.keys(FIGURES) as Figure[]).map((figure) => `${ms(of(name, FIGURES[figure]))} | ${x(of(name, FIGURES[figure]) / bareOf(figure))}`).join(' | ');
  const table = [
    '| function | minified | gzip | size target | import, wall | × bare | import, CPU | × bare | import + first call, wall | × bare | import + first call, CPU | × bare | first call answered | within size / ≤ 2× |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...[BARE, BARE_REQUIRE, BARE_CLIENT_ONLY].map(({ name }) => {
      const b = built.get(name)!;
      return `| _${name}_ | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | | ${cells(name)} | ${samples.get(name)![0]!.outcome} | |`;
    }),
    ...rows.map(
      ({ entry, b, outcomes, sizeOk, ratioOk }) =>
        `| \`${entry.name}\` | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ≤ ${entry.sizeTargetKb} KB | ${cells(entry.name)} | ${outcomes} | ${yes(sizeOk)} / ${yes(ratioOk)} |`,
    ),
  ].join('\n');

  // What the bundles are made of: bytes in the output per package, largest first.
  const perOrigin = new Map<string, { functions: number; max: number }>();
  // The libraries every function that reads the table carries, before any of our code.
  const FLOOR = ['electrodb', 'jsonschema', 'zod'];
  let floor = Infinity;
  for (const { b } of rows) {
    const here = new Map<string, number>();
    for (const output of Object.values(b.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) here.set(origin(input), (here.get(origin(input)) ?? 0) + bytesInOutput);
    }
    if (here.has('electrodb')) floor = Math.min(floor, FLOOR.reduce((sum, name) => sum + (here.get(name) ?? 0), 0));
    for (const [name, bytes] of here) {
      if (bytes === 0) continue;
      const seen = perOrigin.get(name) ?? { functions: 0, max: 0 };
      perOrigin.set(name, { functions: seen.functions + 1, max: Math.max(seen.max, bytes) });
    }
  }
  const composition = [
    '| package | in how many functions | minified bytes in a bundle (largest) |',
    '|---|---|---|',
    ...[...perOrigin]
      .sort((a, b) => b[1].max - a[1].max)
      .slice(0, 12)
      .map(([name, { functions, max }]) => `| ${name} | ${functions} of ${rows.length} | ${kb(max)} |`),
    '',
    `In every function that reads the table, ${FLOOR.join(', ')} come to at least ${kb(floor)} before any of our code (production bundles leave jsonschema, ElectroDB's model validator, out: infra/constructs/bundling.ts).`,
  ].join('\n');

  // Per page: the functions its first load wakes, all called at once (bench/pages.ts, held to what
  // the browser does by test/browser/first-load.test.ts); its first data comes when the slowest of
  // them, cold, has been imported and has answered.
  const pages = [
    '| page | functions on first load | time to first data, cold (slowest import + first call, wall) | × bare | slowest |',
    '|---|---|---|---|---|',
    ...Object.entries(FIRST_LOAD_ROUTES).map(([page, routes]) => {
      if (routes.length === 0) return `| \`${page}\` | 0 | none: static | | |`;
      const slowest = routes.map((route) => ({ route, wall: of(route, FIGURES.firstWall) })).reduce((a, b) => (b.wall > a.wall ? b : a));
      return `| \`${page}\` | ${routes.length}: ${routes.map((route) => `\`${route}\``).join(', ')} | ${ms(slowest.wall)} | ${x(slowest.wall / bareOf('firstWall'))} | \`${slowest.route}\` |`;
    }),
  ].join('\n');

  const largest = rows.reduce((a, b) => (b.b.bytes > a.b.bytes ? b : a));
  const summarise = (figure: Figure, baseline: number): RatioSummary => {
    const ratio = (name: string) => of(name, FIGURES[figure]) / baseline;
    const worst = rows.reduce((a, b) => (ratio(b.entry.name) > ratio(a.entry.name) ? b : a));
    return { median: median(rows.map((r) => ratio(r.entry.name))), worst: { name: worst.entry.name, ratio: ratio(worst.entry.name) } };
  };
  /** The four figures' summaries against one bare handler. */
  const summariesTo = (bareName: string) =>
    Object.fromEntries((Object.keys(FIGURES) as Figure[]).map((figure) => [figure, summarise(figure, of(bareName, FIGURES[figure]))])) as Record<Figure, RatioSummary>;
  const ratioSummaries = summariesTo(BARE.name);
  const requireFloor = { ...summariesTo(BARE_REQUIRE.name), importMs: of(BARE_REQUIRE.name, FIGURES.importWall), firstMs: of(BARE_REQUIRE.name, FIGURES.firstWall) };
  const summary: FunctionsSummary = {
    count: rows.length,
    largest: { name: largest.entry.name, bytes: largest.b.bytes, targetKb: largest.entry.sizeTargetKb },
    medianBytes: median(rows.map((r) => r.b.bytes)),
    overSize: rows.filter((r) => !r.sizeOk).length,
    ...ratioSummaries,
    floor: requireFloor,
    ratiosMet: Object.values(ratioSummaries).every((r) => r.median <= MEDIAN_RATIO_TARGET && r.worst.ratio <= WORST_RATIO_TARGET),
    bareMs: bareOf('importWall'),
    bareCpuMs: bareOf('importCpu'),
    bareFirstMs: bareOf('firstWall'),
    bareFirstCpuMs: bareOf('firstCpu'),
    rounds: ROUNDS,
    seconds: (performance.now() - started) / 1000,
  };
  rmSync(OUT_DIR, { recursive: true, force: true });
  return { table, composition, pages, summary };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { table, composition, pages, summary } = await functionsReport();
  console.log(`${table}\n\n${composition}\n\n${pages}\n\n${JSON.stringify(summary, null, 2)}`);
}
