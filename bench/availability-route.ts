/**
 * `npx tsx bench/availability-route.ts`: the public availability route (`GET /api/availability`,
 * functions/availability/list-slots.ts) on the local runtime, for issue 4's target case — one
 * admin with 3 windows a day, 1,000 appointments over the next 90 days, 500 busy blocks — seeded
 * in DynamoDB Local through the real write code: the profile (`createUser`), the weekly windows
 * (`createSlot`), the appointments (`writeAppointment`: appointment, schedule-day holds and month
 * statistics in one transaction each) and the busy blocks (`putBusyBlocks`). Then calls the route
 * through the local gateway for 1, 30 and 90 days, with and without `adminId`, and measures each
 * call: DynamoDB requests (a middleware on the process's one client) and wall time. Removes what
 * it seeded afterwards (so the later sections of `npm run bench` see the table as before).
 * Prints markdown; writes nothing (docs/BENCHMARKS.md belongs to `npm run bench`, which calls
 * availabilityRouteReport).
 */
import { TZDate } from '@date-fns/tz';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import os from 'node:os';
import { startGateway, type Emulators } from '../local/runtime.ts';
import { writeAppointment } from '../shared/db/appointment-transaction.ts';
import type { AppointmentItem } from '../shared/db/appointments.ts';
import { putBusyBlocks, type BusyTime } from '../shared/db/busy-blocks.ts';
import { dynamoDb } from '../shared/db/client.ts';
import { loadAvailability } from '../shared/db/availability.ts';
import { db } from '../shared/db/service.ts';
import { config } from '../shared/config.ts';
import { blockedSpan, daysOf, participationsOf } from '../shared/domain/appointments/schedule.ts';
import { EMPTY_STATS, add, contribution, monthOf, subtract, type MonthStats } from '../shared/domain/appointments/stats.ts';
import { holdsTime } from '../shared/domain/appointments/status.ts';
import { createSlot, deleteSlotOf, type SlotItem } from '../shared/db/slots.ts';
import { createUser, deleteUser, getUser } from '../shared/db/users.ts';
import { pool, random } from './util.ts';

const DAY = 86_400_000;
const ZONE = 'Europe/Paris';
/** The target case (issue 4), as in the engine bench (bench/availability.ts). */
export const ROUTE_DAYS = 90;
export const ROUTE_APPOINTMENTS = 1_000;
export const ROUTE_BUSY_BLOCKS = 500;
/** Every day of the week, in the admin's zone. */
const WINDOWS = [
  ['09:00', '12:00'],
  ['13:00', '17:00'],
  ['18:00', '20:00'],
] as const;
const SLOT = { duration: 30, bufferBefore: 10, bufferAfter: 5, maxAppointments: 2, isActive: true };
/** Timed calls per case (sequential, one at a time), after WARM_UP untimed ones. */
const RUNS = 31;
const WARM_UP = 10;
/** Schedule days written at once while seeding (one day's appointments one after the other). */
const SEED_CONCURRENCY = 16;
const MIDDLEWARE = 'benchAvailabilityRouteRequests';
/** How long the last clean-up took (printed when run alone). */
let cleanUpSeconds = 0;

/** hh:mm on the Paris date `days` after today's, as a UTC ISO instant. */
function parisAt(today: TZDate, days: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + days, hour, minute, ZONE).toISOString();
}

/** The 30-minute starts the windows offer on each of the next `days` Paris dates (tomorrow on). */
function windowStarts(now: Date, days: number): string[] {
  const today = new TZDate(now, ZONE);
  const starts: string[] = [];
  for (let d = 1; d <= days; d++) {
    for (const [from, to] of WINDOWS) {
      const first = Date.parse(parisAt(today, d, from));
      const last = Date.parse(parisAt(today, d, to)) - SLOT.duration * 60_000;
      for (let t = first; t <= last; t += SLOT.duration * 60_000) starts.push(new Date(t).toISOString());
    }
  }
  return starts;
}

interface Seeded {
  adminId: string;
  slots: SlotItem[];
  appointments: AppointmentItem[];
  busy: BusyTime[];
  seconds: number;
}

async function seed(now: Date): Promise<Seeded> {
  const started = performance.now();
  const next = random(4);
  const adminId = randomUUID();
  await createUser({ id: adminId, email: `availability-admin-${adminId}@bench.example.com`, timezone: ZONE, locale: 'fr', role: 'admin' });
  const owner = { id: adminId, timezone: ZONE };
  const slots: SlotItem[] = [];
  for (let dayOfWeek = 0; dayOfWeek < 7; dayOfWeek++) {
    for (const [startTime, endTime] of WINDOWS) slots.push(await createSlot(owner, { dayOfWeek, startTime, endTime, ...SLOT }));
  }

  // 1,000 of the windows' starts (a deterministic shuffle), each a 30-minute appointment of its
  // own client, statuses mixed as in the engine bench (cancelled and completed hold no time but
  // are still read by the route's Query, then filtered out).
  const starts = windowStarts(now, ROUTE_DAYS);
  for (let i = starts.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [starts[i], starts[j]] = [starts[j]!, starts[i]!];
  }
  const statuses: AppointmentItem['status'][] = ['pending', 'confirmed', 'confirmed', 'cancelled', 'completed'];
  const stamp = now.toISOString();
  const drafts = starts.slice(0, ROUTE_APPOINTMENTS).map((startTime, i): AppointmentItem => {
    const userId = randomUUID();
    return {
      id: randomUUID(),
      userId,
      assignedAdminId: adminId,
      title: `Bench appointment ${i}`,
      attendeeName: `Client ${i}`,
      attendeeEmail: `client-${i}@bench.example.com`,
      startTime,
      endTime: new Date(Date.parse(startTime) + SLOT.duration * 60_000).toISOString(),
      timezone: ZONE,
      status: statuses[Math.floor(next() * statuses.length)]!,
      type: 'free',
      price: 0,
      currency: 'EUR',
      isPaid: false,
      syncToCalendar: true,
      adminCapacity: SLOT.maxAppointments,
      bufferBefore: SLOT.bufferBefore,
      bufferAfter: SLOT.bufferAfter,
      createdBy: userId,
      createdAt: stamp,
      updatedAt: stamp,
      version: 0,
    };
  });
  if (drafts.length !== ROUTE_APPOINTMENTS) throw new Error(`only ${drafts.length} window starts for ${ROUTE_APPOINTMENTS} appointments`);
  // One schedule day's appointments one after the other (no lost races to retry), days in parallel.
  const byDay = new Map<string, AppointmentItem[]>();
  for (const draft of drafts) {
    const day = draft.startTime.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), draft]);
  }
  const appointments: AppointmentItem[] = [];
  await pool([...byDay.values()], SEED_CONCURRENCY, async (day) => {
    for (const draft of day) appointments.push((await writeAppointment(undefined, draft))!);
  });

  // 500 busy blocks of 15 to 60 minutes at any quarter hour of the 90 days, from one connection.
  const connectionId = randomUUID();
  const busy = Array.from({ length: ROUTE_BUSY_BLOCKS }, (_, i): BusyTime => {
    const start = Math.floor(now.getTime() / 900_000) * 900_000 + Math.floor(next() * ROUTE_DAYS * 96) * 900_000;
    return { connectionId, externalId: `bench-event-${i}`, ownerId: adminId, startTime: new Date(start).toISOString(), endTime: new Date(start + (1 + Math.floor(next() * 4)) * 900_000).toISOString() };
  });
  await putBusyBlocks(busy);
  return { adminId, slots, appointments, busy, seconds: (performance.now() - started) / 1000 };
}

/**
 * Removes what `seed` wrote, in batches (releasing 1,000 appointments one transaction at a time
 * would take as long as writing them): the appointments, the schedule days their holds are on,
 * their contribution to the month statistics (added back negated, as a delete does), the busy
 * blocks, the windows and the profile.
 */
async function unseed(seeded: Seeded) {
  const entities = db().entities;
  const batch = async (what: string, write: { go(): Promise<{ unprocessed: unknown[] }> }) => {
    const { unprocessed } = await write.go();
    if (unprocessed.length) throw new Error(`clean-up: ${unprocessed.length} ${what} not deleted`);
  };
  const days = new Map<string, { ownerId: string; day: string }>();
  const months = new Map<string, MonthStats>();
  for (const appointment of seeded.appointments) {
    if (holdsTime(appointment.status)) {
      for (const { ownerId, hold } of participationsOf(appointment)) {
        const { start, end } = blockedSpan(hold);
        for (const day of daysOf(start, end)) days.set(`${ownerId}|${day}`, { ownerId, day });
      }
    }
    const month = monthOf(appointment.startTime, config().DEFAULT_TIMEZONE);
    months.set(month, add(months.get(month) ?? EMPTY_STATS, contribution(appointment)));
  }
  await batch('appointments', entities.appointment.delete(seeded.appointments.map(({ id }) => ({ id }))));
  await batch('schedule days', entities.scheduleDay.delete([...days.values()]));
  for (const [month, total] of months) await entities.monthStats.update({ month }).add(subtract(EMPTY_STATS, total)).go();
  await batch('busy blocks', entities.busyBlock.delete(seeded.busy.map(({ connectionId, externalId }) => ({ connectionId, externalId }))));
  for (const slot of seeded.slots) await deleteSlotOf(seeded.adminId, slot.id);
  await deleteUser(await getUser(seeded.adminId));
  const { data: left } = await entities.appointment.query.byAdmin({ assignedAdminId: seeded.adminId }).go({ pages: 'all', attributes: ['id'] });
  if (left.length) throw new Error(`clean-up: ${left.length} bench appointments left`);
}

interface CaseResult {
  days: number;
  admin: boolean;
  medianMs: number;
  p90Ms: number;
  /** Median of loadAvailability alone (the 3 Queries in parallel, no gateway, no engine). */
  loadMs: number;
  /** DynamoDB requests per call: every call's count, and the operations of one call. */
  requests: number[];
  operations: Map<string, number>;
  slots: number;
  bytes: number;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/**
 * The route's figures as markdown, on `emulators` (their table must not hold other admins'
 * windows, appointments or busy blocks: `npm run bench` runs this before seeding the demo data).
 */
export async function availabilityRouteReport(emulators: Emulators): Promise<string> {
  const now = new Date();
  const seeded = await seed(now);
  const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port: 0 });
  const calls: string[] = [];
  dynamoDb().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
  try {
    const call = async (days: number, admin: boolean) => {
      // From the moment of the call (the route then applies the 2-hour notice), as the site asks.
      const from = new Date();
      const to = new Date(from.getTime() + days * DAY);
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...(admin ? { adminId: seeded.adminId } : {}) });
      calls.length = 0;
      const t0 = performance.now();
      const response = await fetch(`${gateway.url}/api/availability?${query}`);
      const body = await response.arrayBuffer();
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`GET /api/availability (${days} days): HTTP ${response.status} ${new TextDecoder().decode(body)}`);
      const { data } = JSON.parse(new TextDecoder().decode(body)) as { data: { slots: unknown[] } };
      return { ms, requests: [...calls], slots: data.slots.length, bytes: body.byteLength };
    };
    const results: CaseResult[] = [];
    for (const days of [1, 30, ROUTE_DAYS]) {
      for (const admin of [false, true]) {
        for (let i = 0; i < WARM_UP; i++) await call(days, admin);
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await call(days, admin));
        const times = runs.map((r) => r.ms).sort((a, b) => a - b);
        const loads: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const from = new Date();
          const t0 = performance.now();
          await loadAvailability({ from: from.toISOString(), to: new Date(from.getTime() + days * DAY).toISOString(), now: from.toISOString(), ...(admin ? { adminId: seeded.adminId } : {}) });
          loads.push(performance.now() - t0);
        }
        loads.sort((a, b) => a - b);
        const operations = new Map<string, number>();
        for (const operation of runs[0]!.requests) operations.set(operation, (operations.get(operation) ?? 0) + 1);
        results.push({
          days,
          admin,
          medianMs: times[Math.floor(times.length / 2)]!,
          p90Ms: times[Math.floor(times.length * 0.9)]!,
          loadMs: loads[Math.floor(loads.length / 2)]!,
          requests: runs.map((r) => r.requests.length),
          operations,
          slots: runs[0]!.slots,
          bytes: runs[0]!.bytes,
        });
      }
    }

    const requestCell = (r: CaseResult) => {
      const min = Math.min(...r.requests);
      const max = Math.max(...r.requests);
      const ops = [...r.operations].map(([operation, n]) => `${n} ${operation}`).join(', ');
      return `${min === max ? `**${min}**` : `**${min}–${max}**`} (${ops})`;
    };
    const rows = results.map(
      (r) =>
        `| ${r.days} day${r.days === 1 ? '' : 's'} | ${r.admin ? 'this admin (`adminId`)' : 'whole team'} | ${requestCell(r)} | ${fixed(r.medianMs)} ms | ${fixed(r.p90Ms)} ms | ${fixed(r.loadMs)} ms | ${r.slots} | ${fixed(r.bytes / 1024)} KB |`,
    );
    const target = results.filter((r) => r.days === ROUTE_DAYS);
    const worstRequests = Math.max(...target.flatMap((r) => r.requests));
    const statuses = new Map<string, number>();
    for (const a of seeded.appointments) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    return [
      `Seeded in DynamoDB Local through the real write code (${fixed(seeded.seconds)} s, not part of the figures): one admin (\`createUser\`) with ${WINDOWS.length} weekly windows ` +
        `on every day of the week (\`createSlot\`: ${WINDOWS.map(([a, b]) => `${a}–${b}`).join(', ')} Paris time, 30-minute slots, buffers ${SLOT.bufferBefore} + ${SLOT.bufferAfter} min, ` +
        `capacity ${SLOT.maxAppointments}), ${ROUTE_APPOINTMENTS.toLocaleString('en-US')} appointments of 30 minutes at window starts over the next ${ROUTE_DAYS} days, each its own ` +
        `client's (\`writeAppointment\`: the appointment, its schedule-day holds and month statistics in one transaction; ` +
        `${[...statuses].map(([status, n]) => `${n} ${status}`).join(', ')}) and ${ROUTE_BUSY_BLOCKS} busy blocks of 15 to 60 minutes (\`putBusyBlocks\`). Nothing else is in the table.`,
      '',
      `Each row: ${WARM_UP} untimed calls, then ${RUNS} timed ones, one at a time, of \`GET /api/availability?from=<now>&to=<now + span>\` (public, no token) through the local ` +
        `gateway to the real handler (functions/availability/list-slots.ts), answer read whole. DynamoDB requests are counted per call with a middleware on the process's client; the ` +
        `wall time is the whole round trip (gateway, handler, its DynamoDB requests to DynamoDB Local on loopback, the engine, the JSON answer). "The reads alone": \`loadAvailability\` called directly in this process for the same span (the same 3 Queries, no gateway, no engine, no JSON), ${RUNS} times after the route's.`,
      '',
      `| span | admins | DynamoDB requests per call (target ≤ 3) | median | p90 | the reads alone (median) | slots | answer |`,
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Target case (${ROUTE_DAYS} days): ${worstRequests <= 3 ? `at most ${worstRequests} DynamoDB requests per call, target ≤ 3 met` : `**${worstRequests} DynamoDB requests per call, target ≤ 3 not met**`}. ` +
        'The 3 Queries (shared/db/availability.ts) are the `availability` collection (every admin\'s windows and exceptions, the products), the appointments by start time ' +
        '(`byAdmin` with `adminId`, `byTime` without) and the busy blocks by start time, read in parallel; a span that the notice leaves empty of bookable starts skips the last two.',
    ].join('\n');
  } finally {
    dynamoDb().middlewareStack.remove(MIDDLEWARE);
    gateway.server.closeAllConnections();
    gateway.server.close();
    const cleaning = performance.now();
    await unseed(seeded);
    cleanUpSeconds = (performance.now() - cleaning) / 1000;
  }
}

/** Alone: `npx tsx bench/availability-route.ts` (own emulators; prints, writes nothing). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startEmulators, handlerEnvironment, useEnvironment } = await import('../local/runtime.ts');
  const emulators = await startEmulators({ tableName: 'booking-bench-availability' });
  try {
    useEnvironment(handlerEnvironment(emulators, 'local'));
    console.log(`Availability route — ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}\n`);
    const started = performance.now();
    console.log(await availabilityRouteReport(emulators));
    console.log(`\n(whole section, seeding and clean-up included: ${fixed((performance.now() - started) / 1000)} s; clean-up ${fixed(cleanUpSeconds)} s)`);
    const { Count } = await dynamoDb().send(new ScanCommand({ TableName: emulators.tableName, Select: 'COUNT' }));
    const { Items = [] } = await dynamoDb().send(new ScanCommand({ TableName: emulators.tableName }));
    console.log(`(items left in the table: ${Count}: ${Items.map((item) => `${item.__edb_e__} ${JSON.stringify(item).length} B`).join(', ')})`);
  } finally {
    await emulators.stop();
  }
  process.exit(0);
}
