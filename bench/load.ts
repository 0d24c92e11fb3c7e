/**
 * The API under load on the local runtime: autocannon (in a child process, bench/load-client.ts)
 * with 50 concurrent connections for a fixed duration per route, through the local gateway (JWT
 * verification against cognito-local, DynamoDB Local). Each route's p99 is compared with
 * `GET /api/health` measured in the same run. The creates are then counted in the table: every
 * 201 must be stored, with its schedule-day hold ("nothing lost").
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cognitoClient, ensureUser, signIn } from '../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../local/demo.ts';
import { REGION, startGateway, type Emulators } from '../local/runtime.ts';
import { db } from '../shared/db/service.ts';
import { daysOf } from '../shared/domain/appointments/schedule.ts';
import { createBody, type LoadJob, type LoadResult } from './load-client.ts';

export const CONNECTIONS = 50;
export const DURATION_SECONDS = 10;
export const WARM_UP_SECONDS = 2;
export const CREATE_USERS = 20;
/** Issue 10's target: each route's p99 at most twice health's, under the same load. */
export const P99_TARGET = 2;

/** Runs one job in a fresh child process (its own event loop, off the gateway's). */
function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-client.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message: { result?: LoadResult; error?: string }) => (message.result ? resolve(message.result) : reject(new Error(message.error))));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
    child.send(job);
  });
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const count = (value: number) => value.toLocaleString('en-US');

export interface LoadSummary {
  routes: number;
  requests: number;
  /** Socket errors, timeouts and answers other than the expected ones (409 on a create aside). */
  failures: number;
  serverErrors: number;
  worst: { route: string; ratio: number };
  /** Creates answered 201. */
  created: number;
  /** Of those, missing from the table or without their schedule-day hold. */
  lost: number;
  /** Stored by the load's users: the 201s plus creates still in flight when a run stopped. */
  stored: number;
  /** Holds naming no stored appointment. */
  orphanHolds: number;
  /** DynamoDB Local's own requests/s at the same concurrency: the local ceiling. */
  ceilingThroughput: number;
}

/**
 * The local ceiling: DynamoDB Local alone, `CONNECTIONS` GetItems at a time from this process
 * (no gateway, no JWT, no handler) for the same duration as a route.
 */
async function dynamoDbCeiling(userId: string) {
  const read = () => db().entities.user.get({ id: userId }).go();
  for (let i = 0; i < 50; i++) await read();
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() - started < DURATION_SECONDS * 1000) {
        const t0 = performance.now();
        await read();
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { requests: times.length, p50: at(50), p99: at(99), throughput: times.length / seconds };
}

export async function loadReport(emulators: Emulators): Promise<{ table: string; summary: LoadSummary }> {
  const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port: 0 });
  try {
    const cognito = cognitoClient(emulators.cognitoUrl, REGION);
    const token = async (email: string) => (await signIn(cognito, emulators.pool.userPoolClientId, email, DEMO_PASSWORD)).idToken;
    const [client, admin] = [await token('client@example.com'), await token('admin@example.com')];

    // Fresh admins for the creates (their profiles made by a first GET /api/me, as after sign-in).
    // Admins, not clients: a client's request must fall within the booking window (90 days by
    // default) and a client may have only a few waiting for the team, while the creates here are
    // thousands of times years apart, so that none in flight touch the same item (load-client.ts).
    // An admin's create is the same route and the same write, without the client's one Query of
    // their open requests.
    const creators: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < CREATE_USERS; i++) {
      const email = `load-${randomUUID()}@bench.example.com`;
      const id = await ensureUser(cognito, emulators.pool, { email, password: DEMO_PASSWORD, admin: true });
      const idToken = await token(email);
      const me = await fetch(`${gateway.url}/api/me`, { headers: { authorization: `Bearer ${idToken}` } });
      if (me.status !== 200) throw new Error(`profile of ${email}: HTTP ${me.status}`);
      creators.push({ id, token: idToken });
    }

    const day = 86_400_000;
    const from = new Date(Date.now() + day).toISOString();
    const to = new Date(Date.now() + 8 * day).toISOString();
    const scenarios: Array<{ name: string; method: 'GET' | 'POST'; path: string; headers: Record<string, string>; expect: number; create?: boolean }> = [
      { name: 'GET /api/health', method: 'GET', path: '/api/health', headers: {}, expect: 200 },
      { name: 'GET /api/appointments', method: 'GET', path: '/api/appointments', headers: { authorization: `Bearer ${client}` }, expect: 200 },
      { name: 'POST /api/appointments', method: 'POST', path: '/api/appointments', headers: {}, expect: 201, create: true },
      { name: 'GET /api/availability', method: 'GET', path: `/api/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, headers: {}, expect: 200 },
      { name: 'GET /api/admin/appointments', method: 'GET', path: '/api/admin/appointments', headers: { authorization: `Bearer ${admin}` }, expect: 200 },
      // Health again at the end: how much the machine itself drifted during the run.
      { name: 'GET /api/health', method: 'GET', path: '/api/health', headers: {}, expect: 200 },
    ];

    let createIndex = 0;
    const createdIds: string[] = [];
    const measured: Array<{ name: string; expect: number; create?: boolean; result: LoadResult }> = [];
    let ceiling: { requests: number; p50: number; p99: number; throughput: number } | undefined;
    for (const [index, scenario] of scenarios.entries()) {
      const job = (durationSeconds: number, connections: number): LoadJob => ({
        url: gateway.url,
        method: scenario.method,
        path: scenario.path,
        headers: scenario.headers,
        connections,
        durationSeconds,
        ...(scenario.create ? { create: { tokens: creators.map((c) => c.token), firstIndex: createIndex } } : {}),
      });
      // Warm-up (not measured): module loading, JWKS, the first connections.
      const warm = await runLoad(job(WARM_UP_SECONDS, 10));
      const result = await runLoad({ ...job(DURATION_SECONDS, CONNECTIONS), ...(scenario.create ? { create: { tokens: creators.map((c) => c.token), firstIndex: warm.nextIndex } } : {}) });
      if (scenario.create) {
        createIndex = result.nextIndex;
        createdIds.push(...warm.createdIds, ...result.createdIds);
      }
      measured.push({ ...scenario, result });
      if (index === 0) ceiling = await dynamoDbCeiling(emulators.demoUserIds['client@example.com']);
    }

    // Nothing lost: every 201 is in the table, each with its hold on its client's schedule day.
    const stored = (
      await Promise.all(creators.map((c) => db().entities.appointment.query.byOwner({ userId: c.id }).go({ pages: 'all' })))
    ).flatMap((r) => r.data);
    const keys = stored.flatMap((a) => daysOf(a.startTime, a.endTime).map((d) => ({ ownerId: a.userId, day: d })));
    const { data: days } = keys.length ? await db().entities.scheduleDay.get(keys).go() : { data: [] };
    const held = new Set(days.flatMap((d) => d.holds.map((h) => h.appointmentId)));
    const storedIds = new Set(stored.map((a) => a.id));
    const lost = createdIds.filter((id) => !storedIds.has(id) || !held.has(id));
    const orphanHolds = [...held].filter((id) => !storedIds.has(id)).length;
    // Every stored one is a create of this run (fresh users; bodies from createBody).
    const titles = new Set(Array.from({ length: createIndex }, (_, k) => createBody(k).title));
    const strays = stored.filter((a) => !titles.has(a.title)).length;
    if (strays) throw new Error(`${strays} stored appointments were not made by the load`);

    const baseline = measured[0]!.result;
    const rows = measured.map(({ name, result }, index) => {
      const statuses = Object.entries(result.statuses)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, n]) => `${status} × ${count(n)}`)
        .join(', ');
      const extra = [result.errors && `${result.errors} errors`, result.timeouts && `${result.timeouts} timeouts`].filter(Boolean).join(', ');
      const label = index === measured.length - 1 ? `\`${name}\` (again, last)` : `\`${name}\``;
      return `| ${label} | ${count(result.requests)} | ${ms(result.p50)} | ${ms(result.p99)} | ${count(Math.round(result.throughput))}/s | ${statuses}${extra ? `, ${extra}` : ''} | ${(result.p99 / baseline.p99).toFixed(2)}× |`;
    });
    if (ceiling) {
      rows.splice(1, 0, `| DynamoDB Local alone: 1 GetItem per request, no gateway (reference) | ${count(ceiling.requests)} | ${ms(ceiling.p50)} | ${ms(ceiling.p99)} | ${count(Math.round(ceiling.throughput))}/s | — | ${(ceiling.p99 / baseline.p99).toFixed(2)}× |`);
    }
    const table = [
      `| route | requests | p50 | p99 | throughput | responses | p99 vs health (target ≤ ${P99_TARGET}×) |`,
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');

    const routesMeasured = measured.slice(1, -1);
    const unexpected = (m: (typeof measured)[number]) =>
      Object.entries(m.result.statuses).reduce((sum, [status, n]) => sum + (Number(status) === m.expect || (m.create && status === '409') ? 0 : n), 0);
    const worst = routesMeasured.reduce((w, m) => (m.result.p99 / baseline.p99 > w.ratio ? { route: m.name, ratio: m.result.p99 / baseline.p99 } : w), { route: '', ratio: 0 });
    const summary: LoadSummary = {
      routes: routesMeasured.length,
      requests: measured.reduce((sum, m) => sum + m.result.requests, 0),
      failures: measured.reduce((sum, m) => sum + m.result.errors + m.result.timeouts + unexpected(m), 0),
      serverErrors: measured.reduce((sum, m) => sum + Object.entries(m.result.statuses).reduce((s, [status, n]) => s + (Number(status) >= 500 ? n : 0), 0), 0),
      worst,
      created: createdIds.length,
      lost: lost.length,
      stored: stored.length,
      orphanHolds,
      ceilingThroughput: ceiling?.throughput ?? 0,
    };
    return { table, summary };
  } finally {
    gateway.server.closeAllConnections();
    gateway.server.close();
  }
}

/** Alone: `npx tsx bench/load.ts` (own emulators; prints, writes nothing). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startEmulators, handlerEnvironment, useEnvironment } = await import('../local/runtime.ts');
  const { seedDemoData } = await import('../local/seed.ts');
  const emulators = await startEmulators({ tableName: 'booking-bench-load' });
  try {
    useEnvironment(handlerEnvironment(emulators, 'local'));
    await seedDemoData(emulators.demoUserIds);
    const { table, summary } = await loadReport(emulators);
    console.log(table);
    console.log(summary);
  } finally {
    await emulators.stop();
  }
  process.exit(0);
}
