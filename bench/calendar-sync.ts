/**
 * `npx tsx bench/calendar-sync.ts [--connections N]`: the scheduled calendar sync on the local
 * runtime — DynamoDB Local (startEmulators), the fake Google and Microsoft of test/helpers on
 * loopback, and the real handlers: the dispatcher job (`calendar-sync-dispatch`) fans out to the
 * worker (`calendar-sync-worker`) through the in-process queue (`subscribeEventConsumers`).
 * Measures the first (full) run and a second run over unchanged calendars: time, connections per
 * second and provider requests, counted from the fakes' request logs. Prints markdown; writes
 * nothing (docs/BENCHMARKS.md belongs to `npm run bench`, which calls calendarSyncReport).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { listJobs } from '../functions/routes.ts';
import { invokeJob, scheduledEvent, subscribeEventConsumers } from '../local/jobs.ts';
import { handlerEnvironment, startEmulators, useEnvironment, type Emulators } from '../local/runtime.ts';
import { completeAuthorization, NONCE_COOKIE, startAuthorization } from '../shared/calendar/connect.ts';
import { busyBlocksOverlapping } from '../shared/db/busy-blocks.ts';
import { dynamoDb } from '../shared/db/client.ts';
import { db } from '../shared/db/service.ts';
import { createUser } from '../shared/db/users.ts';
import type { CalendarProvider } from '../shared/domain/vocabulary.ts';
import { startFakeGoogle, type FakeGoogle } from '../local/sandbox/google.ts';
import { startFakeMicrosoft, type FakeMicrosoft } from '../local/sandbox/microsoft.ts';
import { pool } from './util.ts';

const DAY = 86_400_000;
/** Admins connect both providers; every client connects one (alternating). */
const ADMINS = 50;
/** Events in each calendar before the first sync (an admin's become busy blocks; a client's are listed, not imported). */
const ADMIN_EVENTS = 20;
const CLIENT_EVENTS = 5;
/** Connects made at once while seeding (each is a few DynamoDB calls and 2–4 loopback requests). */
const SEED_CONCURRENCY = 16;
/** The dispatcher's page size (functions/events/calendar-sync-dispatch.ts): one queue send per page. */
const DISPATCH_PAGE = 500;

interface Seeded {
  userId: string;
  provider: CalendarProvider;
  account: string;
  admin: boolean;
}

/** The population: ADMINS admins × 2 providers, the rest clients with one connection each. */
function population(connections: number): { users: Array<{ id: string; admin: boolean }>; seeded: Seeded[] } {
  const admins = Math.min(ADMINS, Math.floor(connections / 4));
  const users: Array<{ id: string; admin: boolean }> = [];
  const seeded: Seeded[] = [];
  for (let i = 0; i < admins; i++) {
    const id = randomUUID();
    users.push({ id, admin: true });
    seeded.push({ userId: id, provider: 'google', account: `admin${i}@gmail.test`, admin: true });
    seeded.push({ userId: id, provider: 'microsoft', account: `admin${i}@contoso.test`, admin: true });
  }
  for (let i = 0; seeded.length < connections; i++) {
    const id = randomUUID();
    users.push({ id, admin: false });
    const provider: CalendarProvider = i % 2 === 0 ? 'google' : 'microsoft';
    seeded.push({ userId: id, provider, account: `client${i}@${provider === 'google' ? 'gmail' : 'outlook'}.test`, admin: false });
  }
  return { users, seeded };
}

/** Events made "in the calendar" before any sync: deterministic times over the next 60 days. */
function addEvents(google: FakeGoogle, microsoft: FakeMicrosoft, connection: Seeded, count: number, now: number) {
  for (let i = 0; i < count; i++) {
    const day = Math.floor((now + (1 + ((i * 7) % 60)) * DAY) / DAY) * DAY;
    const start = new Date(day + (8 + (i % 9)) * 3_600_000);
    const end = new Date(start.getTime() + (30 + (i % 4) * 30) * 60_000);
    if (connection.provider === 'google') {
      google.addEvent(connection.account, { summary: `Event ${i}`, start: { dateTime: start.toISOString() }, end: { dateTime: end.toISOString() } });
    } else {
      const local = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '');
      microsoft.addEvent(connection.account, { subject: `Event ${i}`, start: { dateTime: local(start), timeZone: 'UTC' }, end: { dateTime: local(end), timeZone: 'UTC' } });
    }
  }
}

interface RequestCount {
  total: number;
  token: number;
  failed: number;
}

const countRequests = (requests: ReadonlyArray<{ path: string; status?: number }>): RequestCount => ({
  total: requests.length,
  token: requests.filter((r) => r.path.endsWith('/token')).length,
  failed: requests.filter((r) => (r.status ?? 0) >= 400).length,
});

interface RunResult {
  queued: number;
  seconds: number;
  dispatchMs: number;
  google: RequestCount;
  microsoft: RequestCount;
  /** DynamoDB requests of the run (dispatcher and worker), by operation. */
  dynamoDb: Map<string, number>;
  failures: number;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const thousands = (value: number) => value.toLocaleString('en-US');
const MIDDLEWARE = 'benchCountDynamoDbRequests';

/**
 * The calendar sync figures as markdown. With `emulators` (npm run bench), runs on those: this
 * process has ONE DynamoDB client (shared/db/client.ts), bound to the endpoint it first used, so
 * a second DynamoDB Local would not be reached. Otherwise starts its own.
 */
export async function calendarSyncReport(options: { emulators?: Emulators; connections?: number } = {}): Promise<string> {
  const connections = options.connections ?? 1_000;
  // The worker logs one "calendar synced" line (INFO) per connection, as in Lambda; here they go
  // to a sink instead of the terminal (the level cannot be lowered from outside: each invocation
  // restores the one the logger was built with). Warnings and errors still show.
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && chunk.startsWith('{"level":"INFO"')) return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  const previousQueue = process.env.SYNC_QUEUE_URL;
  const failures: string[] = [];
  let google: FakeGoogle | undefined;
  let microsoft: FakeMicrosoft | undefined;
  let ownEmulators: Emulators | undefined;
  let consumers: ReturnType<typeof subscribeEventConsumers> | undefined;
  const dynamoDbCalls: string[] = [];
  try {
    [google, microsoft] = await Promise.all([startFakeGoogle(), startFakeMicrosoft()]);
    if (!options.emulators) {
      ownEmulators = await startEmulators({ tableName: 'booking-bench-sync' });
      useEnvironment(handlerEnvironment(ownEmulators, 'local'));
    }
    // The in-process queue (no SQS), the fakes, and a site URL for the OAuth redirect_uri.
    delete process.env.SYNC_QUEUE_URL;
    useEnvironment({ ...google.env, ...microsoft.env, SITE_URL: 'http://localhost:3000' });
    const fakes = { google, microsoft };
    const now = Date.now();
    const { users, seeded } = population(connections);

    // Profiles: the worker reads the owner's role (admins' busy time is imported, clients' is not).
    const seedStarted = performance.now();
    await pool(users, SEED_CONCURRENCY, async (user, i) => {
      await createUser({ id: user.id, email: `${user.admin ? 'admin' : 'client'}${i}@bench.example.com`, timezone: 'Europe/Paris', locale: 'fr', role: user.admin ? 'admin' : 'client' });
    });

    // Connections through the real connect code (state with PKCE + browser nonce, the fake's
    // consent redirect, code exchange, tokens sealed and stored), without the HTTP gateway. No
    // queue consumer listens yet, so the "connected" first sync is not run here: the dispatcher
    // below does every first sync.
    const consent: Record<CalendarProvider, Promise<unknown>> = { google: Promise.resolve(), microsoft: Promise.resolve() };
    /** The fakes' consent is one setting per fake: consent and redirect one at a time per provider. */
    const consentAs = (provider: CalendarProvider, account: string, url: string) => {
      const step = consent[provider].then(async () => {
        fakes[provider].setConsent(account);
        const response = await fetch(url, { redirect: 'manual' });
        await response.arrayBuffer();
        return new URL(response.headers.get('location')!);
      });
      consent[provider] = step.catch(() => undefined);
      return step;
    };
    await pool(seeded, SEED_CONCURRENCY, async (connection) => {
      const { url, cookie } = await startAuthorization(connection.userId, connection.provider);
      const back = await consentAs(connection.provider, connection.account, url);
      const nonce = new RegExp(`${NONCE_COOKIE}=([^;]+)`).exec(cookie)![1];
      const { location, connection: stored } = await completeAuthorization({
        provider: connection.provider,
        code: back.searchParams.get('code') ?? undefined,
        state: back.searchParams.get('state') ?? undefined,
        nonce,
      });
      if (!stored) throw new Error(`connecting ${connection.account} failed: ${location}`);
      addEvents(google!, microsoft!, connection, connection.admin ? ADMIN_EVENTS : CLIENT_EVENTS, now);
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await Promise.all([google.idle(), microsoft.idle()]);

    // Every DynamoDB request the handlers make goes through the process's one client.
    dynamoDb().middlewareStack.add(
      (next, context) => async (args) => {
        dynamoDbCalls.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: MIDDLEWARE },
    );
    consumers = subscribeEventConsumers((line) => failures.push(line));
    const dispatcher = listJobs().find((job) => job.name === 'calendar-sync-dispatch')!;
    const run = async (): Promise<RunResult> => {
      fakes.google.resetRequests();
      fakes.microsoft.resetRequests();
      dynamoDbCalls.length = 0;
      const failedBefore = failures.length;
      const started = performance.now();
      const { queued } = (await invokeJob(dispatcher, scheduledEvent())) as { queued: number };
      const dispatchMs = performance.now() - started;
      await consumers!.settled();
      await Promise.all([fakes.google.idle(), fakes.microsoft.idle()]);
      const seconds = (performance.now() - started) / 1000;
      const byOperation = new Map<string, number>();
      for (const operation of dynamoDbCalls) byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
      return {
        queued,
        seconds,
        dispatchMs,
        google: countRequests(fakes.google.requests),
        microsoft: countRequests(fakes.microsoft.requests),
        dynamoDb: byOperation,
        failures: failures.length - failedBefore,
      };
    };

    /** Every connection synced by the run that started at `since` (status active, cursor stored). Not timed. */
    const checkAll = async (since: string) => {
      const { data } = await db().entities.calendarConnection.query.all({}).go({ pages: 'all', attributes: ['id', 'status', 'lastSyncAt', 'syncCursor'] });
      const ok = data.filter((c) => c.status === 'active' && c.syncCursor && c.lastSyncAt && c.lastSyncAt >= since).length;
      if (data.length !== connections || ok !== connections) {
        throw new Error(`${ok} of ${data.length} connections synced (expected ${connections}); consumer log: ${failures.slice(0, 3).join(' | ')}`);
      }
    };

    const firstSince = new Date().toISOString();
    const first = await run();
    await checkAll(firstSince);
    const busy = await busyBlocksOverlapping(new Date(now - DAY).toISOString(), new Date(now + 400 * DAY).toISOString());
    const secondSince = new Date().toISOString();
    const second = await run();
    await checkAll(secondSince);

    const byProvider = (provider: CalendarProvider) => seeded.filter((c) => c.provider === provider).length;
    const googleCount = byProvider('google');
    const microsoftCount = byProvider('microsoft');
    const adminConnections = seeded.filter((c) => c.admin).length;
    const invocations = Math.ceil(connections / DISPATCH_PAGE);
    const per = (count: number, of: number) => fixed(count / of);
    const providerTotal = (r: RunResult) => r.google.total + r.microsoft.total;
    const dynamoTotal = (r: RunResult) => [...r.dynamoDb.values()].reduce((sum, n) => sum + n, 0);
    const operations = (r: RunResult) =>
      [...r.dynamoDb.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([operation, n]) => `${operation} ${per(n, r.queued)}`)
        .join(', ');
    const row = (name: string, r: RunResult) =>
      `| ${name} | ${thousands(r.queued)} | ${fixed(r.seconds, 1)} s | ${fixed(r.queued / r.seconds, 0)}/s | ${fixed((r.seconds * 1000 * invocations) / r.queued, 0)} ms | ` +
      `${thousands(providerTotal(r))} | ${per(providerTotal(r), r.queued)} | ${per(r.google.total, googleCount)} | ${per(r.microsoft.total, microsoftCount)} | ${r.google.token + r.microsoft.token} | ` +
      `${per(dynamoTotal(r), r.queued)} | ${r.failures} |`;
    const unchanged = (name: string, count: RequestCount, of: number) =>
      `| ${name} | ${thousands(of)} | ${thousands(count.total)} | **${per(count.total, of)}** | ${count.token} | ${count.failed} | 1 |`;

    return [
      `${thousands(connections)} connections: ${thousands(googleCount)} Google and ${thousands(microsoftCount)} Microsoft; ${adminConnections} belong to ${adminConnections / 2} admins ` +
        `(both providers each), ${thousands(connections - adminConnections)} to as many clients (one each). They are made through the real connect code ` +
        `(\`startAuthorization\` → the fake's consent redirect → \`completeAuthorization\`: state + PKCE, code exchange at the fake's token endpoint, tokens sealed ` +
        `with the local master key, \`putConnection\`), without the HTTP gateway: ${fixed(seedSeconds, 1)} s with the profiles, not part of the figures below. ` +
        `Each admin calendar holds ${ADMIN_EVENTS} events and each client calendar ${CLIENT_EVENTS}; nobody has appointments, so the repair pass pushes nothing.`,
      '',
      'A run is `invokeJob(calendar-sync-dispatch)` until the in-process queue consumers (`subscribeEventConsumers`) have `settled()`. Provider requests are counted from ' +
        "the fakes' request logs (token endpoints included), DynamoDB requests with a middleware on the process's client (dispatcher included).",
      '',
      '| run | connections | time | connections/s | time per sync | provider requests | per connection | Google per connection | Microsoft per connection | token refreshes | DynamoDB requests per connection | failed deliveries |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      row('first (full sync)', first),
      row('second (unchanged)', second),
      '',
      `The second run took ${fixed(second.seconds / first.seconds)}× the time of the first and ${fixed(providerTotal(second) / providerTotal(first))}× its provider requests ` +
        `(with ≤ ${ADMIN_EVENTS} events a calendar, a full sync is one page too: Google pages at 250 events, Microsoft at 100). ` +
        `The first run imported ${thousands(busy.length)} busy blocks (${adminConnections} admin calendars × ${ADMIN_EVENTS} events). ` +
        `The dispatcher itself (paging the connections, queueing the messages) took ${fixed(first.dispatchMs, 0)} ms and ${fixed(second.dispatchMs, 0)} ms. ` +
        `DynamoDB requests per connection, first run: ${operations(first)}; second run: ${operations(second)}.`,
      '',
      'Provider requests per connection for an unchanged calendar (the second run; target: 1 — the stored cursor, and no token refresh while the access token is not within 5 minutes of expiry):',
      '',
      '| provider | connections | requests | per connection | of which token refreshes | answered ≥ 400 | target |',
      '|---|---|---|---|---|---|---|',
      unchanged('Google (`events.list` with the `syncToken`)', second.google, googleCount),
      unchanged('Microsoft (`calendarView/delta` with the `deltaLink`)', second.microsoft, microsoftCount),
      '',
      `"Locally" means one Node process and no SQS: the dispatcher queues a page of up to ${DISPATCH_PAGE} connections at a time, and the in-process queue hands each page ` +
        `to ONE worker invocation, which syncs its messages one after the other. So ${invocations} invocation${invocations === 1 ? '' : 's'} and at most ${invocations} ` +
        `sync${invocations === 1 ? '' : 's'} in flight ("time per sync" = time × ${invocations} / connections), where AWS delivers batches of messages to concurrent Lambdas. ` +
        `The fakes answer at once on loopback (real providers take tens to hundreds of milliseconds per request), and DynamoDB Local (Java), the fakes and the handlers ` +
        `share the machine's ${os.cpus().length} cores. The times measure our side of a sync on this machine, not what AWS would take; the request counts are what a provider and DynamoDB would see.`,
    ].join('\n');
  } finally {
    dynamoDb().middlewareStack.remove(MIDDLEWARE);
    consumers?.stop();
    await Promise.all([google?.stop(), microsoft?.stop()]);
    await ownEmulators?.stop();
    if (previousQueue !== undefined) process.env.SYNC_QUEUE_URL = previousQueue;
    process.stdout.write = write;
  }
}

if (process.argv[1]?.endsWith('calendar-sync.ts')) {
  const flag = process.argv.indexOf('--connections');
  const connections = flag > 0 ? Number(process.argv[flag + 1]) : undefined;
  console.log(`Calendar sync — ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}\n`);
  const started = performance.now();
  console.log(await calendarSyncReport({ connections }));
  console.log(`\n(whole run, emulators included: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(0);
}
