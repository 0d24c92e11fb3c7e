/**
 * `npm run bench`: measures what later issues set targets for, and rewrites docs/BENCHMARKS.md
 * with the figures, the command, the date and the machine. Loopback traffic only, bounded counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { signIn, cognitoClient } from '../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../local/demo.ts';
import { REGION, ROOT, handlerEnvironment, startEmulators, startGateway, useEnvironment, type Emulators } from '../local/runtime.ts';
import { seedDemoData } from '../local/seed.ts';
import { availabilityReport } from './availability.ts';
import { availabilityRouteReport } from './availability-route.ts';
import { calendarSyncReport } from './calendar-sync.ts';
import { EMAIL_SIZE_TARGET_KB, MEDIAN_RATIO_TARGET, MEDIAN_SIZE_TARGET_KB, SIZE_TARGET_KB, WORST_RATIO_TARGET, functionsReport } from './functions.ts';
import { CONNECTIONS, CREATE_USERS, DURATION_SECONDS, WARM_UP_SECONDS, loadReport } from './load.ts';
import { GROWTH_SIZES, growthReportInChild } from './growth.ts';
import { requestsReport } from './requests.ts';
import { summaryReport } from './summary.ts';
import { ensureSiteBuilt } from '../local/site-build.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Latency through the local gateway: `requests` calls, `concurrency` at a time. */
async function measure(url: string, headers: Record<string, string>, requests: number, concurrency: number) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t0 = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), rps: requests / seconds };
}

async function apiLatency(emulators: Emulators) {
  await seedDemoData(emulators.demoUserIds);
  const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port: 0 });
  const { idToken } = await signIn(cognitoClient(emulators.cognitoUrl, REGION), emulators.pool.userPoolClientId, 'client@example.com', DEMO_PASSWORD);
  const auth = { authorization: `Bearer ${idToken}` };
  const rows: string[] = [];
  for (const concurrency of [1, 50]) {
    const requests = 1000;
    // Warm-up: module loading and the first JWKS fetch are not what is measured.
    await measure(`${gateway.url}/api/me`, auth, 50, 5);
    const health = await measure(`${gateway.url}/api/health`, {}, requests, concurrency);
    const me = await measure(`${gateway.url}/api/me`, auth, requests, concurrency);
    for (const [name, m] of [['GET /api/health', health], ['GET /api/me', me]] as const) {
      rows.push(
        `| \`${name}\` | ${concurrency} | ${m.p50.toFixed(1)} ms | ${m.p99.toFixed(1)} ms | ${m.rps.toFixed(0)}/s | ${(m.p99 / health.p99).toFixed(2)}× |`,
      );
    }
  }
  gateway.server.closeAllConnections();
  gateway.server.close();
  return ['| route | concurrency | p50 | p99 | throughput | p99 vs health |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/**
 * The sections on the local runtime share one set of emulators: this process has one DynamoDB
 * client (shared/db/client.ts), bound to the endpoint it first used.
 */
async function onLocalRuntime() {
  const emulators = await startEmulators({ tableName: 'booking-bench' });
  try {
    useEnvironment(handlerEnvironment(emulators, 'local'));
    // First, on the empty table: the target case is one admin and nothing else (it cleans up after itself).
    const availabilityRoute = await availabilityRouteReport(emulators);
    const latency = await apiLatency(emulators);
    const load = await loadReport(emulators);
    const calendarSync = await calendarSyncReport({ emulators });
    // Last: one call per route on what the others left (the demo data and more); cleans up its writes.
    const requests = await requestsReport(emulators);
    return { availabilityRoute, latency, load, calendarSync, requests };
  } finally {
    await emulators.stop();
  }
}

/**
 * JavaScript each built page makes the browser download before it is interactive: its scripts and
 * islands (component and renderer) plus every module they import statically, gzip-compressed.
 */
async function siteJavaScript() {
  const dist = await ensureSiteBuilt(ROOT);
  const gz = new Map<string, number>();
  const sizeOf = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(path.join(dist, file))).length);
    return gz.get(file)!;
  };
  const closure = (entry: string, seen = new Set<string>()) => {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const code = readFileSync(path.join(dist, entry), 'utf8');
    for (const [, spec] of code.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.js)"/g)) closure(path.posix.join(path.posix.dirname(entry), spec!), seen);
    return seen;
  };
  const pages = readdirSync(dist, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('index.html'));
  const rows = pages.sort().map((page) => {
    const html = readFileSync(path.join(dist, page), 'utf8');
    const entries = [...html.matchAll(/(?:src|component-url|renderer-url)="\/(_astro\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const files = new Set<string>();
    for (const entry of entries) for (const file of closure(entry)) files.add(file);
    const total = [...files].reduce((sum, file) => sum + sizeOf(file), 0);
    const url = `/${page.replace(/index\.html$/, '')}`;
    const calendar = [...files].some((f) => readFileSync(path.join(dist, f), 'utf8').includes('rbc-calendar'));
    return `| \`${url}\` | ${kb(total)} | ${calendar ? 'yes' : 'no'} | ${calendar ? '≤ 200 KB' : '≤ 80 KB'} |`;
  });
  return ['| page | JavaScript (gzip) | calendar code | target |', '|---|---|---|---|', ...rows].join('\n');
}

const siteJs = await siteJavaScript();
const engine = availabilityReport();
// Before the emulators start: cold imports are timed one process at a time on a machine doing nothing else for this run.
const functions = await functionsReport();
const { availabilityRoute, latency, load, calendarSync, requests } = await onLocalRuntime();
// After the shared emulators stopped: its own emulators and table, in a child process (one DynamoDB client per process).
const growth = await growthReportInChild();
const report = `# Benchmarks

Made by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.
Re-run the command to refresh every figure; nothing here is edited by hand.

## Summary

${summaryReport(load.summary, functions.summary, { growth: growth.summary, requests: requests.summary })}

## Function bundles and cold import

Each route's and job's bundle as the CDK house construct builds it: the same esbuild settings
(infra/constructs/bundling.ts: ESM, minified, names not kept, linked source map, AWS SDK v3 left to
the runtime, ElectroDB's model validator replaced; ElectroDB's Service only in the functions that
query the availability collection: shared/db/electrodb.ts). Issue 20's targets: bundles at most ${SIZE_TARGET_KB} KB each (the
two e-mail jobs ${EMAIL_SIZE_TARGET_KB} KB) and ${MEDIAN_SIZE_TARGET_KB} KB at the median; a cold import, and an import with its first
invocation, at most ${MEDIAN_RATIO_TARGET}× the bare handler at the median and ${WORST_RATIO_TARGET}× at worst.

Each bundle is written under node_modules/.cache (so that its imports of the AWS SDK resolve to
node_modules/@aws-sdk, as they resolve to the runtime's copy in AWS) and loaded by a fresh Node
process with the environment every function starts with in AWS (STAGE=aws; no
--enable-source-maps: a logged error's stack is mapped when it is logged, shared/mapped-stack.ts)
and DynamoDB Local, with an empty table, as its table. The
process times the \`import()\` (wall clock, and the CPU time it used meanwhile), then the handler's
first invocation, awaited whole: a route gets the request API Gateway would hand over (the demo
admin's ID-token claims unless the route is public, an unknown id in each path parameter, an
empty JSON object as body where the route takes one: its validation answers 400 after the
caller's standing was read), a job what its trigger delivers (an AppointmentChanged event of a new
request, a schedule tick, an empty queue batch, a sign-up); the answers are in the table. Each
bundle is loaded ${functions.summary.rounds} times, one process at a time, in rounds over every function in the same order, each
round on a table of its own, the jobs on another (the functions leave data for those after them:
GET /api/me makes the caller's profile, the erasure removes it; so each meets the same data every
round;
${functions.summary.seconds.toFixed(0)} s for the section); the figures are medians.
The bare handler loads \`@aws-sdk/client-dynamodb\` and \`@aws-sdk/lib-dynamodb\` (the document
client, which every function that reads the table loads: ElectroDB requires it), makes its client on
first call and reads one item; it is built and timed the same way, again every 25 functions of each
round so that it sees the same machine, and the ratios are to it (${functions.summary.bareMs.toFixed(0)} ms import and
${functions.summary.bareFirstMs.toFixed(0)} ms import + first call, wall clock; ${functions.summary.bareCpuMs.toFixed(0)} and ${functions.summary.bareFirstCpuMs.toFixed(0)} ms CPU in this run).
The functions themselves load the AWS SDK through \`require\`, not \`import\` (shared/aws/load-sdk.ts:
Node's ESM loader parses each CommonJS package twice more), which the bare handler, as issue 20
wrote it, does not. So the second bare row is the same handler loading the clients through
\`require\`: the floor under every function now (${functions.summary.floor.importMs.toFixed(0)} ms import, ${functions.summary.floor.firstMs.toFixed(0)} ms import + first call). Against
it, the ratios are: cold import, wall clock, median ${functions.summary.floor.importWall.median.toFixed(2)}×, worst ${functions.summary.floor.importWall.worst.ratio.toFixed(2)}×; CPU median
${functions.summary.floor.importCpu.median.toFixed(2)}×, worst ${functions.summary.floor.importCpu.worst.ratio.toFixed(2)}×; import + first call, wall clock, median ${functions.summary.floor.firstWall.median.toFixed(2)}×, worst ${functions.summary.floor.firstWall.worst.ratio.toFixed(2)}× (\`${functions.summary.floor.firstWall.worst.name}\`); CPU
median ${functions.summary.floor.firstCpu.median.toFixed(2)}×, worst ${functions.summary.floor.firstCpu.worst.ratio.toFixed(2)}×: what our own code (ElectroDB, zod, middy and the rest) adds over the SDK.
The third bare row loads the low-level client only (as health and the OpenAPI route need no more):
shown for reference. Measured with this machine's Node (${process.version}); Lambda runs Node 22 on arm64,
where absolute times differ. Other work on the machine shows in the wall-clock columns first; the
CPU columns are steadier.
Alone: \`npx tsx bench/functions.ts\` (prints, writes nothing).

${functions.table}

What the bundles are made of (bytes in the minified output, per package):

${functions.composition}

### Functions per page

The functions each page wakes on its first load (each route is a function of its own, and on a
quiet site a cold one), all called at once; bench/pages.ts lists them, and
test/browser/first-load.test.ts opens every page in Chromium and fails when a page's calls differ
from that list. Issue 20's target: at most 2 per page. A page's first data arrives when the slowest
of its functions, cold, has been imported and has answered its first call: that figure (wall
clock) from the table above. A signed-in page renders its frame from the profile kept at sign-in,
so no page waits for \`/api/me\` before asking for its own data.

${functions.pages}

## JavaScript per page

What each page of the built site (\`site/dist\`) makes the browser download: its scripts, its React
islands and every module they import statically, gzip-compressed. List pages must not ship the
calendar.

${siteJs}

## Availability

Issue 4's target case: slots for 90 days, one admin with 3 windows a day, 1,000 appointments and
500 busy blocks; targets under 20 ms engine time and at most 3 DynamoDB requests per call.

### Engine

\`computeAvailability\` alone (pure, no I/O, in process), median of repeated runs. Alone:
\`npx tsx bench/availability.ts\` (prints, writes nothing).

${engine}

### Route on the local runtime

The public route \`GET /api/availability\` on DynamoDB Local, seeded with the target case. Alone:
\`npx tsx bench/availability-route.ts\` (prints, writes nothing).

${availabilityRoute}

## API latency on the local runtime

1,000 requests per row through the local gateway (payload 2.0 events, JWT verification against
cognito-local's JWKS, DynamoDB Local), after a warm-up. \`GET /api/me\` reads the caller's profile
(1 GetItem). The ratio compares each p99 with \`/api/health\` measured in the same run.

${latency}

## API under load on the local runtime

[autocannon](https://github.com/mcollina/autocannon) in a child process (bench/load-client.ts), ${CONNECTIONS} connections
for ${DURATION_SECONDS} s per route after a ${WARM_UP_SECONDS}-second warm-up at 10, through the local gateway (JWT verification
against cognito-local's JWKS, DynamoDB Local), all on this machine. \`GET /api/appointments\` lists
the demo client's appointments (first page), \`GET /api/availability\` is the public route over the
next 7 days for the whole team, \`GET /api/admin/appointments\` the demo admin's first page. Each
create is an appointment of its own at its own time, round-robin over ${CREATE_USERS} fresh admins, spread so that
no two creates in flight share a schedule day or a month's statistics (bench/load-client.ts: years
apart, beyond a client's booking window, hence admins; a client's create adds one Query of their
open requests); a 409 would be listed apart. Health is measured first (the baseline of the ratio) and again last, to show
how much the machine itself drifted. Alone: \`npx tsx bench/load.ts\` (prints, writes nothing).

${load.table}

Every route that reads DynamoDB is bounded here by DynamoDB Local, the Java emulator, sharing the
machine's cores with the gateway and the load generator: the reference row is DynamoDB Local
alone, one GetItem per request from the bench process at the same concurrency. With ${CONNECTIONS} clients
always waiting for an answer, a route's latency is about ${CONNECTIONS} ÷ its throughput, so its p99 ratio
to \`/api/health\` (no I/O, no token) compares throughputs: it measures this machine's emulator,
not what Lambda (one request per instance, instances added under load) and DynamoDB would do.

## How cost grows: admin list and stats over ${GROWTH_SIZES.map((size) => size.toLocaleString('en-US')).join(' / ')} appointments

Whether the admin routes stay flat as the table grows: the time and DynamoDB requests of a page
of the admin list (first and 20th, plain, filtered by status and searched) and of a month's
statistics, at ${GROWTH_SIZES.map((size) => size.toLocaleString('en-US')).join(' and then ')} appointments. Alone: \`npx tsx bench/growth.ts\` (prints,
writes nothing).

${growth.markdown}

## DynamoDB requests per route

${requests.markdown}

## Calendar sync on the local runtime

The scheduled pull (docs/CALENDAR_SYNC.md) on DynamoDB Local with the fake Google and Microsoft of
test/helpers on loopback and the real handlers: the dispatcher job fans out to the worker job
through the in-process queue. Alone: \`npx tsx bench/calendar-sync.ts [--connections N]\`
(prints, writes nothing).

${calendarSync}
`;
await writeFile(path.join(ROOT, 'docs', 'BENCHMARKS.md'), report);
console.log(report);
process.exit(0);
