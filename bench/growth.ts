/**
 * `npx tsx bench/growth.ts`: how the admin routes' cost grows with the table (issue 10). In a
 * fresh table of its own on DynamoDB Local (in memory), seeds 10,000 appointments, measures, adds
 * 90,000 (100,000 in all) and measures again, through the local gateway and the real handlers:
 *
 * - `GET /api/admin/appointments?limit=100`: the first page, the 20th page (the cursor of page 20
 *   found once by following `nextCursor`), and both again with a `status` filter and with a `q`
 *   search (server-side FilterExpressions: a page holds what passed the filter among the 100
 *   items read, so the items returned are shown);
 * - `POST /api/admin/appointments {action:'stats', month}`: the month's counters.
 *
 * Each case: a few untimed calls, then RUNS timed ones, one at a time; median and p90 of the round
 * trip, the DynamoDB requests of a call, the items its Query read (ScannedCount) and the capacity
 * DynamoDB reports (bench/dynamodb-requests.ts), and the ratio 100k / 10k. The stats answers are
 * checked against what was seeded, for every month of the seeded span.
 *
 * Seeding is fast and bypasses writeAppointment (its transaction per appointment would take
 * hours): profiles, products and appointments go in with ElectroDB batch puts (BatchWriteItem,
 * several in flight), the items composed by shared/domain code (composeAppointment) with the
 * fields writeAppointment adds (version, searchText); the month counters are written as the
 * product writes them — an ADD of `contribution` per appointment (shared/domain/appointments/stats.ts),
 * here one UpdateItem per month with the sum. Schedule-day holds are not written (the routes
 * measured here never read them).
 *
 * One process has one DynamoDB client, bound to the endpoint and table it first used
 * (shared/db/client.ts, service.ts): `npm run bench` runs this in a child process
 * (growthReportInChild) with emulators of its own. Prints markdown; writes nothing.
 */
import { TZDate } from '@date-fns/tz';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { cognitoClient, signIn } from '../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../local/demo.ts';
import { REGION, startGateway, type Emulators } from '../local/runtime.ts';
import { config } from '../shared/config.ts';
import { FILTERED_READ_BUDGET, searchTextOf, type AppointmentItem } from '../shared/db/appointments.ts';
import { db } from '../shared/db/service.ts';
import { composeAppointment } from '../shared/domain/appointments/compose.ts';
import { EMPTY_STATS, add, contribution, monthOf, type MonthStats } from '../shared/domain/appointments/stats.ts';
import type { AppointmentStatus } from '../shared/domain/vocabulary.ts';
import { operationsText, operationsWithKeys, recordDynamoDbRequests, type DynamoDbRequest } from './dynamodb-requests.ts';
import { pool, random } from './util.ts';

/** Cumulative sizes of the table (appointments). */
export const GROWTH_SIZES = [10_000, 100_000] as const;
export const PAGE_LIMIT = 100;
/** The deep page: the 20th, reached by following nextCursor. */
export const DEEP_PAGE = 20;
/** Timed calls per case (sequential), after WARM_UP untimed ones. */
const RUNS = 31;
const WARM_UP = 10;
/**
 * Untimed calls over every case before any is timed, at each size: DynamoDB Local (Java) and this
 * process compile their read paths while they run, and seeding exercised only the writes, so
 * without them the first size measured pays for the warming.
 */
const ROUND_WARM_UP = 150;
const CLIENTS = 1_000;
/** Seeded admins; the demo admin (the caller) is one more. */
const ADMINS = 5;
/** Spread of the appointments: from 18 months before now to 6 months after (~2 years). */
const MONTHS_BEFORE = 18;
const SPAN_DAYS = 730;
/** Items per ElectroDB batch put (25 per BatchWriteItem), and batch puts in flight at once. */
const SEED_CHUNK = 250;
const SEED_PARALLEL = 6;
const ZONE = 'Europe/Paris';
const DAY = 86_400_000;
const MIDDLEWARE = 'benchGrowthRequests';
const AGAIN = 'admin list, first page (again, last: the drift within the run)';
/** The filters measured: a status present over the whole span, and a client surname (1 in 40 clients). */
export const STATUS_FILTER: AppointmentStatus = 'cancelled';
const SURNAMES = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefevre', 'Faure', 'Andre', 'Mercier', 'Blanc', 'Guerin', 'Boyer', 'Garnier', 'Chevalier', 'Francois', 'Legrand', 'Gauthier', 'Garcia'];
const FIRST_NAMES = ['Louise', 'Gabriel', 'Emma', 'Raphael', 'Jade', 'Leo', 'Alice', 'Louis', 'Chloe', 'Arthur', 'Lina', 'Jules', 'Rose', 'Hugo', 'Mia', 'Paul', 'Anna', 'Adam', 'Julia', 'Nathan'];
export const SEARCH = 'moreau';
const TITLES = ['Point d’étape', 'Revue du devis', 'Atelier de cadrage', 'Suivi mensuel', 'Bilan trimestriel', 'Entretien téléphonique', 'Présentation du projet', 'Séance de travail'];
const PRODUCTS = [
  { name: 'Consultation initiale', durationMinutes: 60, price: 0 },
  { name: 'Consultation approfondie', durationMinutes: 90, price: 5000 },
  { name: 'Suivi court', durationMinutes: 30, price: 2500 },
  { name: 'Atelier', durationMinutes: 120, price: 8000 },
];

interface Person {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
}

interface World {
  clients: Person[];
  admins: Person[];
  products: Array<{ id: string; name: string; durationMinutes: number; price: number }>;
  /** Midnight (UTC) of the first day of the span. */
  firstDay: number;
  now: number;
  next: () => number;
  /** Expected month counters, and how many appointments of each status were seeded. */
  expected: Map<string, MonthStats>;
  statuses: Map<string, number>;
  seeded: number;
}

/** Profiles (clients, admins) and products, in batch puts. */
async function seedPeople(demoAdminId: string, now: Date): Promise<World> {
  const { user, userEmail, product } = db().entities;
  const person = (k: number, kind: 'client' | 'admin'): Person => {
    const lastName = SURNAMES[k % SURNAMES.length]!;
    const firstName = FIRST_NAMES[Math.floor(k / SURNAMES.length) % FIRST_NAMES.length]!;
    return { id: randomUUID(), email: `${firstName}.${lastName}.${k}@${kind}s.bench.example.com`.toLowerCase(), firstName, lastName, phone: `+3361234${String(k).padStart(4, '0')}` };
  };
  const clients = Array.from({ length: CLIENTS }, (_, k) => person(k, 'client'));
  const admins = Array.from({ length: ADMINS }, (_, k) => person(k + 3, 'admin'));
  const profiles = [...clients.map((p) => ({ ...p, role: 'client' as const })), ...admins.map((p) => ({ ...p, role: 'admin' as const }))].map((p) => ({ ...p, timezone: ZONE, locale: 'fr' as const }));
  await pool(chunks(profiles, SEED_CHUNK), SEED_PARALLEL, async (chunk) => {
    await putAll(() => user.put(chunk).go(), chunk.length);
    await putAll(() => userEmail.put(chunk.map((p) => ({ email: p.email, userId: p.id }))).go(), chunk.length);
  });
  const products = PRODUCTS.map((p) => ({ ...p, id: randomUUID(), currency: 'EUR', description: `${p.durationMinutes} minutes` }));
  await product.put(products).go();
  const start = new Date(now);
  const firstDay = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - MONTHS_BEFORE, 1);
  // The demo admin (the caller; its profile made by GET /api/me) is assigned appointments too.
  const demoAdmin: Person = { id: demoAdminId, email: 'admin@example.com', firstName: 'Alice', lastName: 'Martin' };
  return { clients, admins: [...admins, demoAdmin], products, firstDay, now: now.getTime(), next: random(20_260_610), expected: new Map(), statuses: new Map(), seeded: 0 };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, (k + 1) * size));
}

/** A batch put of `count` items; DynamoDB Local does not leave items unprocessed, and if it did the seed would be wrong: fail loudly. */
async function putAll(put: () => Promise<{ unprocessed: unknown[] }>, count: number) {
  const { unprocessed } = await put();
  if (unprocessed.length) throw new Error(`${unprocessed.length} of ${count} items left unprocessed by BatchWriteItem`);
}

const pick = <T>(items: readonly T[], r: number) => items[Math.floor(r * items.length)]!;

function weighted<T extends string>(r: number, weights: Array<[T, number]>): T {
  let sum = 0;
  for (const [value, weight] of weights) if (r < (sum += weight)) return value;
  return weights[weights.length - 1]![0];
}

/** One realistic appointment: composed by the domain code, then given the state later changes would have left it in. */
function appointmentOf(world: World): AppointmentItem {
  const r = world.next;
  const day = new Date(world.firstDay + Math.floor(r() * SPAN_DAYS) * DAY);
  const start = new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8 + Math.floor(r() * 10), pick([0, 15, 30, 45], r()), ZONE);
  const past = start.getTime() < world.now;
  const status = past
    ? weighted<AppointmentStatus>(r(), [['completed', 0.72], ['cancelled', 0.12], ['no_show', 0.05], ['confirmed', 0.08], ['pending', 0.03]])
    : weighted<AppointmentStatus>(r(), [['pending', 0.3], ['confirmed', 0.6], ['cancelled', 0.1]]);
  const owner = pick(world.clients, r());
  const product = r() < 0.6 ? pick(world.products, r()) : undefined;
  const minutes = product?.durationMinutes ?? pick([30, 45, 60], r());
  const price = product ? product.price : r() < 0.2 ? 4000 : 0;
  // A client's own request stays unassigned until an admin takes it (pending only).
  const clientRequest = status === 'pending' && r() < 0.4;
  const admin = pick(world.admins, r());
  const createdAt = new Date(Math.min(world.now, start.getTime() - (1 + Math.floor(r() * 30)) * DAY)).toISOString();
  const draft = composeAppointment(
    {
      title: product?.name ?? pick(TITLES, r()),
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + minutes * 60_000).toISOString(),
      timezone: ZONE,
      ...(r() < 0.3 ? { description: 'Préparer les documents du dossier' } : {}),
      ...(r() < 0.5 ? { location: 'Bureau de Paris' } : { meetingUrl: 'https://meet.example.com/bench' }),
      ...(clientRequest
        ? { clientNote: r() < 0.5 ? 'Plutôt le matin si possible' : undefined }
        : { status, type: price > 0 ? ('paid' as const) : ('free' as const), price, assignedAdminId: admin.id, productId: product?.id, notes: r() < 0.1 ? 'Client VIP' : undefined }),
    },
    {
      id: randomUUID(),
      now: createdAt,
      actor: clientRequest ? { id: owner.id, isAdmin: false } : { id: admin.id, isAdmin: true },
      owner,
      defaultTimezone: ZONE,
      defaultCurrency: 'EUR',
    },
  );
  const isPaid = draft.type === 'paid' && status !== 'cancelled' && r() < (past ? 0.85 : 0.3);
  const item = {
    ...draft,
    isPaid,
    ...(status === 'cancelled' ? { cancellationReason: 'Reporté à la demande du client' } : {}),
    // Created (version 1), then confirmed or closed by later writes.
    version: status === 'pending' ? 1 : 2,
  } as AppointmentItem;
  return { ...item, searchText: searchTextOf(item) };
}

/** Adds `count` appointments (batch puts, SEED_PARALLEL in flight) and their month counters. */
async function seedAppointments(world: World, count: number): Promise<number> {
  const zone = config().DEFAULT_TIMEZONE;
  const t0 = performance.now();
  const deltas = new Map<string, MonthStats>();
  const batches = chunks(Array.from({ length: count }, (_, k) => k), SEED_CHUNK);
  await pool(batches, SEED_PARALLEL, async (batch) => {
    const items = batch.map(() => appointmentOf(world));
    for (const a of items) {
      const month = monthOf(a.startTime, zone);
      deltas.set(month, add(deltas.get(month) ?? EMPTY_STATS, contribution(a)));
      world.statuses.set(a.status, (world.statuses.get(a.status) ?? 0) + 1);
    }
    await putAll(() => db().entities.appointment.put(items).go(), items.length);
  });
  // As every appointment transaction does (`monthStats.update({ month }).add(delta)`), once per month.
  for (const [month, delta] of deltas) {
    await db().entities.monthStats.update({ month }).add(delta).go();
    world.expected.set(month, add(world.expected.get(month) ?? EMPTY_STATS, delta));
  }
  world.seeded += count;
  return (performance.now() - t0) / 1000;
}

interface Call {
  ms: number;
  requests: DynamoDbRequest[];
  items: number;
  nextCursor?: string;
  data: unknown;
}

interface CaseResult {
  name: string;
  medianMs: number;
  p90Ms: number;
  requests: DynamoDbRequest[];
  /** Every timed call's request count (min–max shown when they differ). */
  requestCounts: number[];
  items: number;
  /** The page's Query: items read before the filter. */
  scanned?: number;
  capacity?: number;
  note?: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function measureSize(world: World, gatewayUrl: string, token: string): Promise<{ cases: CaseResult[]; statsChecked: number; statsWrong: string[]; month: string }> {
  const recorder = recordDynamoDbRequests(MIDDLEWARE);
  try {
    const call = async (pathAndQuery: string, body?: unknown): Promise<Call> => {
      const t0 = performance.now();
      const { result, requests } = await recorder.during(async () => {
        const response = await fetch(`${gatewayUrl}${pathAndQuery}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${pathAndQuery}: HTTP ${response.status} ${text.slice(0, 300)}`);
        return JSON.parse(text) as { data: unknown; nextCursor?: string };
      });
      const ms = performance.now() - t0;
      return { ms, requests, items: Array.isArray(result.data) ? result.data.length : 1, nextCursor: result.nextCursor, data: result.data };
    };
    const list = (query: Record<string, string>) => `/api/admin/appointments?${new URLSearchParams({ limit: String(PAGE_LIMIT), ...query })}`;
    /** The query of page DEEP_PAGE: nextCursor followed from the first page. */
    const deep = async (query: Record<string, string>) => {
      let cursor: string | undefined;
      for (let page = 1; page < DEEP_PAGE; page++) {
        const { nextCursor } = await call(list(cursor ? { ...query, cursor } : query));
        if (!nextCursor) return { path: list(query), note: `the list ends at page ${page}` };
        cursor = nextCursor;
      }
      return { path: list({ ...query, cursor: cursor! }) };
    };
    const timeCase = async (name: string, pathAndQuery: string, body?: unknown, note?: string): Promise<CaseResult> => {
      for (let i = 0; i < WARM_UP; i++) await call(pathAndQuery, body);
      const calls: Call[] = [];
      for (let i = 0; i < RUNS; i++) calls.push(await call(pathAndQuery, body));
      const times = calls.map((c) => c.ms).sort((a, b) => a - b);
      const first = calls[0]!;
      const scannedCounts = first.requests.filter((r) => r.operation === 'Query' && r.scanned !== undefined).map((r) => r.scanned!);
      const capacities = first.requests.map((r) => r.capacity).filter((c): c is number => c !== undefined);
      return {
        name,
        medianMs: percentile(times, 0.5),
        p90Ms: percentile(times, 0.9),
        requests: first.requests,
        requestCounts: calls.map((c) => c.requests.length),
        items: first.items,
        ...(scannedCounts.length ? { scanned: scannedCounts.reduce((a, b) => a + b, 0) } : {}),
        ...(capacities.length ? { capacity: capacities.reduce((a, b) => a + b, 0) } : {}),
        ...(note ? { note } : {}),
      };
    };

    const month = monthOf(new Date(world.now).toISOString(), config().DEFAULT_TIMEZONE);
    const warming = [list({}), list({ status: STATUS_FILTER }), list({ q: SEARCH })];
    for (let i = 0; i < ROUND_WARM_UP; i++) {
      if (i % 4 === 3) await call('/api/admin/appointments', { action: 'stats', month });
      else await call(warming[i % 4]!);
    }

    const cases: CaseResult[] = [];
    cases.push(await timeCase('admin list, first page', list({})));
    let d = await deep({});
    cases.push(await timeCase(`admin list, page ${DEEP_PAGE}`, d.path, undefined, d.note));
    cases.push(await timeCase(`\`status=${STATUS_FILTER}\`, first page`, list({ status: STATUS_FILTER })));
    d = await deep({ status: STATUS_FILTER });
    cases.push(await timeCase(`\`status=${STATUS_FILTER}\`, page ${DEEP_PAGE}`, d.path, undefined, d.note));
    cases.push(await timeCase(`\`q=${SEARCH}\`, first page`, list({ q: SEARCH })));
    d = await deep({ q: SEARCH });
    cases.push(await timeCase(`\`q=${SEARCH}\`, page ${DEEP_PAGE}`, d.path, undefined, d.note));
    cases.push(await timeCase(`stats, \`month\` = ${month}`, '/api/admin/appointments', { action: 'stats', month }));
    // The first case again: how much the machine itself drifted while this size was measured.
    cases.push(await timeCase(AGAIN, list({})));

    // The stats route against what was seeded, month by month over the whole span.
    const statsWrong: string[] = [];
    for (const [m, expected] of [...world.expected].sort(([a], [b]) => a.localeCompare(b))) {
      const { data } = await call('/api/admin/appointments', { action: 'stats', month: m });
      const got = data as MonthStats & { month: string };
      const wrong = (Object.keys(EMPTY_STATS) as Array<keyof MonthStats>).filter((k) => got[k] !== expected[k]);
      if (wrong.length) statsWrong.push(`${m}: ${wrong.map((k) => `${k} ${got[k]} ≠ ${expected[k]}`).join(', ')}`);
    }
    return { cases, statsChecked: world.expected.size, statsWrong, month };
  } finally {
    recorder.stop();
  }
}

export interface GrowthSummary {
  sizes: number[];
  seedSeconds: number[];
  /** Median 100k ÷ median 10k. */
  firstPageRatio: number;
  deepPageRatio: number;
  worst: { name: string; ratio: number };
  statsOperations: string[];
  statsRatio: number;
  statsCorrect: boolean;
  monthsChecked: number;
  /** Most DynamoDB requests one admin-list call made, and whether the people's BatchGetItem was split in two. */
  listRequestsMax: number;
  peopleSplit: boolean;
}

export interface GrowthResult {
  markdown: string;
  summary: GrowthSummary;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const n = (value: number) => value.toLocaleString('en-US');

/** The whole section, on `emulators` (their table must be empty: a fresh one of this bench's own). */
export async function growthReport(emulators: Emulators, log: (line: string) => void = () => {}): Promise<GrowthResult> {
  const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port: 0 });
  try {
    const { idToken } = await signIn(cognitoClient(emulators.cognitoUrl, REGION), emulators.pool.userPoolClientId, 'admin@example.com', DEMO_PASSWORD);
    // The demo admin's profile, as after sign-in.
    const me = await fetch(`${gateway.url}/api/me`, { headers: { authorization: `Bearer ${idToken}` } });
    if (me.status !== 200) throw new Error(`GET /api/me: HTTP ${me.status}`);
    const peopleStarted = performance.now();
    const world = await seedPeople(emulators.demoUserIds['admin@example.com'], new Date());
    const peopleSeconds = (performance.now() - peopleStarted) / 1000;
    log(`growth: ${n(CLIENTS + ADMINS)} profiles and ${PRODUCTS.length} products in ${fixed(peopleSeconds)} s`);

    const seedSeconds: number[] = [];
    const measured: Array<Awaited<ReturnType<typeof measureSize>>> = [];
    for (const size of GROWTH_SIZES) {
      const added = size - world.seeded;
      const seconds = await seedAppointments(world, added);
      seedSeconds.push(seconds);
      log(`growth: ${n(world.seeded)} appointments (${n(added)} added in ${fixed(seconds)} s, ${n(Math.round(added / seconds))} items/s); measuring`);
      const t0 = performance.now();
      measured.push(await measureSize(world, gateway.url, idToken));
      log(`growth: measured at ${n(size)} in ${fixed((performance.now() - t0) / 1000)} s`);
    }

    const [small, large] = measured as [(typeof measured)[number], (typeof measured)[number]];
    const ratios = small.cases.map((c, k) => large.cases[k]!.medianMs / c.medianMs);
    const requestsCell = (c: CaseResult) => {
      const min = Math.min(...c.requestCounts);
      const max = Math.max(...c.requestCounts);
      return `${min === max ? min : `${min}–${max}`}: ${operationsWithKeys(c.requests)}`;
    };
    const readCell = (c: CaseResult) => [c.scanned !== undefined ? `${n(c.scanned)} read` : '', c.capacity !== undefined ? `${fixed(c.capacity)} RCU` : ''].filter(Boolean).join(', ') || '—';
    const rows = small.cases.map((c, k) => {
      const big = large.cases[k]!;
      const same = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);
      const notes = [c.note && `10k: ${c.note}`, big.note && `100k: ${big.note}`].filter(Boolean).join('; ');
      return (
        `| ${c.name}${notes ? ` (${notes})` : ''} | ${fixed(c.medianMs)} / ${fixed(c.p90Ms)} ms | ${fixed(big.medianMs)} / ${fixed(big.p90Ms)} ms | **${fixed(ratios[k]!, 2)}×** | ` +
        `${same(n(c.items), n(big.items))} | ${same(requestsCell(c), requestsCell(big))} | ${same(readCell(c), readCell(big))} |`
      );
    });
    const statsIndex = small.cases.findIndex((c) => c.name.startsWith('stats'));
    const againIndex = small.cases.findIndex((c) => c.name === AGAIN);
    // The page's people in one BatchGetItem (docs/ACCESS_PATTERNS.md), unless ElectroDB had to split it (100 keys per request).
    const listCalls = [...small.cases, ...large.cases].filter((_, k) => k % small.cases.length !== statsIndex);
    const drift = [small, large].map((m) => m.cases[againIndex]!.medianMs / m.cases[0]!.medianMs);
    const mostBatchGets = Math.max(...listCalls.map((c) => c.requests.filter((r) => r.operation === 'BatchGetItem').length));
    const peopleSplit = mostBatchGets > 2;
    const statsOperations = [...new Set([...small.cases[statsIndex]!.requests, ...large.cases[statsIndex]!.requests].map((r) => r.operation))];
    const statsSameRequests = operationsText(small.cases[statsIndex]!.requests) === operationsText(large.cases[statsIndex]!.requests);
    const statsWrong = [...small.statsWrong.map((w) => `10k ${w}`), ...large.statsWrong.map((w) => `100k ${w}`)];
    const worstIndex = ratios.reduce((w, r, k) => (k !== againIndex && r > ratios[w]! ? k : w), 0);
    const summary: GrowthSummary = {
      sizes: [...GROWTH_SIZES],
      seedSeconds,
      firstPageRatio: ratios[0]!,
      deepPageRatio: ratios[1]!,
      worst: { name: small.cases[worstIndex]!.name, ratio: ratios[worstIndex]! },
      statsOperations: statsSameRequests ? small.cases[statsIndex]!.requests.map((r) => r.operation) : statsOperations,
      statsRatio: ratios[statsIndex]!,
      statsCorrect: statsWrong.length === 0,
      monthsChecked: large.statsChecked,
      listRequestsMax: Math.max(...listCalls.map((c) => c.requests.length)),
      peopleSplit,
    };
    const statuses = [...world.statuses].sort(([, a], [, b]) => b - a).map(([s, c]) => `${s} ${fixed((100 * c) / world.seeded, 0)}%`).join(', ');
    const markdown = [
      `A fresh table of its own on DynamoDB Local (in memory), seeded with ${n(GROWTH_SIZES[0])} appointments, measured, then ${n(GROWTH_SIZES[1] - GROWTH_SIZES[0])} more ` +
        `(${n(GROWTH_SIZES[1])} in all) and measured again. The appointments spread over ${SPAN_DAYS} days (${MONTHS_BEFORE} months back to 6 ahead, ${world.expected.size} months), ` +
        `${n(CLIENTS)} clients, ${ADMINS + 1} admins (the demo admin, who calls, among them), ${PRODUCTS.length} products on 60% of them; statuses by date (${statuses}), ` +
        `free and paid, paid or not; unassigned client requests among the pending ones. Each item is composed by \`composeAppointment\` (shared/domain) and given ` +
        `the fields \`writeAppointment\` adds (version, search text); they go in with ElectroDB batch puts (BatchWriteItem of 25, ${SEED_PARALLEL} batch puts of ${SEED_CHUNK} in flight), ` +
        `and each month's statistics counter gets the sum of its appointments' \`contribution\` with the same ADD as the product's transaction (one UpdateItem per month here). ` +
        `Schedule-day holds are not written: nothing measured here reads them. Seeding took ${seedSeconds.map((s, k) => `${fixed(s)} s for ${n(k ? GROWTH_SIZES[k]! - GROWTH_SIZES[k - 1]! : GROWTH_SIZES[0])}`).join(' and ')} ` +
        `(${seedSeconds.map((s, k) => `${n(Math.round((k ? GROWTH_SIZES[k]! - GROWTH_SIZES[k - 1]! : GROWTH_SIZES[0]) / s))}`).join(' and ')} items/s), plus ${fixed(peopleSeconds)} s for the profiles and products; not part of the figures.`,
      '',
      `At each size, ${ROUND_WARM_UP} untimed calls over the cases first (DynamoDB Local's Java code and this process warm their read paths: seeding ran only writes); then each row: ${WARM_UP} untimed calls and ${RUNS} timed ones, one at a time, as the demo admin through the local gateway to the real handlers ` +
        `(functions/admin/list-appointments.ts, appointment-actions.ts); median / p90 of the whole round trip. The page ${DEEP_PAGE} rows use the cursor found by following ` +
        `\`nextCursor\` from the first page (not timed). The filters are FilterExpressions on the \`appointment.byTime\` Query: DynamoDB reads up to its \`Limit\` ` +
        `and returns those that pass, so a filtered page reads on, in Queries that grow from the page's size, until it holds ${PAGE_LIMIT} matches or has read ${n(FILTERED_READ_BUDGET)} items ` +
        `(shared/db/appointments.ts), and \`nextCursor\` goes on from there. "Items read" is the ScannedCount of the call's Queries, RCU the capacity units ` +
        `DynamoDB Local reports for the whole call (ReturnConsumedCapacity, bench/dynamodb-requests.ts; a BatchGetItem of the page's people and products included). ` +
        `\`q=${SEARCH}\` is a client surname (1 client in ${SURNAMES.length}).`,
      '',
      `| call | ${n(GROWTH_SIZES[0])}: median / p90 | ${n(GROWTH_SIZES[1])}: median / p90 | ${n(GROWTH_SIZES[1])} ÷ ${n(GROWTH_SIZES[0])} (median) | items returned | DynamoDB requests per call | items read, capacity |`,
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Drift within the run: the first page measured again after the other rows took ${drift.map((d) => `${fixed(d, 2)}×`).join(' and ')} its first median ` +
        `(at ${n(GROWTH_SIZES[0])} and ${n(GROWTH_SIZES[1])}): timings on this machine (DynamoDB Local, the gateway and the handlers on ${os.cpus().length} cores) move by about that much with nothing changed, ` +
        `so ratios within that margin of 1× are flat. What does not move with the size is the work per call: the items its Query reads, its requests and their capacity.`,
      '',
      `Every call first reads the caller's standing (1 GetItem, docs/ACCESS_PATTERNS.md). An unfiltered list call then makes 1 Query whatever the size, reading ${PAGE_LIMIT} items (its \`Limit\`), ` +
        `a filtered one the Queries it takes to fill its page (at most ${n(FILTERED_READ_BUDGET)} items read), then the BatchGetItems of the people and products its rows name. ` +
        (peopleSplit
          ? `A page naming more than 100 people (clients and assigned admins) needs two BatchGetItems for them (100 keys per request; ElectroDB splits the batch), ` +
            `as docs/ACCESS_PATTERNS.md counts them (1 per 100 people): up to ${Math.max(...listCalls.map((c) => c.requests.length))} requests per call here. That depends on the page's rows, not on the table's size.`
          : 'The people of every page fit in one BatchGetItem (at most 100 keys).'),
      '',
      `Stats: ${operationsText(large.cases[statsIndex]!.requests)} per call at ${n(GROWTH_SIZES[0])} and at ${n(GROWTH_SIZES[1])}${statsSameRequests ? '' : ` (**${operationsText(small.cases[statsIndex]!.requests)} at ${n(GROWTH_SIZES[0])}**)`}: ` +
        `the route never reads the appointments. ` +
        (statsWrong.length
          ? `**The stats answers differ from the seeded counters**: ${statsWrong.join('; ')}.`
          : `Its answers equal the seeded figures for every one of the ${large.statsChecked} months at both sizes (each counter: total, the five statuses, paid/unpaid counts and amounts).`),
    ].join('\n');
    return { markdown, summary };
  } finally {
    gateway.server.closeAllConnections();
    gateway.server.close();
  }
}

/** Starts this bench's own emulators (fresh table), runs it, stops them. */
async function runAlone(log: (line: string) => void): Promise<GrowthResult> {
  const { startEmulators, handlerEnvironment, useEnvironment } = await import('../local/runtime.ts');
  const emulators = await startEmulators({ tableName: 'booking-bench-growth' });
  try {
    useEnvironment(handlerEnvironment(emulators, 'local'));
    return await growthReport(emulators, log);
  } finally {
    await emulators.stop();
  }
}

/** For `npm run bench`: the section in a child process (its own DynamoDB client and emulators). */
export function growthReportInChild(): Promise<GrowthResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_GROWTH_CHILD: '1' },
    });
    child.once('message', (message: { result?: GrowthResult; error?: string }) => (message.result ? resolve(message.result) : reject(new Error(message.error))));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`bench/growth.ts exited with ${code}`)));
  });
}

/** Alone: `npx tsx bench/growth.ts` (own emulators; prints, writes nothing). */
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.send && process.env.BENCH_GROWTH_CHILD) {
    runAlone((line) => console.error(line)).then(
      (result) => process.send!({ result }, undefined, undefined, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? error.message }, undefined, undefined, () => process.exit(1)),
    );
  } else {
    console.log(`Cost growth — ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}\n`);
    const started = performance.now();
    const { markdown, summary } = await runAlone((line) => console.log(line));
    console.log(`\n${markdown}\n`);
    console.log(summary);
    console.log(`(whole section: ${fixed((performance.now() - started) / 1000)} s)`);
    process.exit(0);
  }
}
