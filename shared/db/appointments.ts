import type { EntityItem } from 'electrodb';
import { config } from '../config.ts';
import { holdsTime } from '../domain/appointments/status.ts';
import { blockedSpan, checkedSpan, daysOf, fits, participationsOf, sameHold, type Hold } from '../domain/appointments/schedule.ts';
import { EMPTY_STATS, add, contribution, isZero, monthOf, subtract, type MonthStats } from '../domain/appointments/stats.ts';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { describeChange, type AppointmentChangeKind } from '../events/appointment-changed.ts';
import { deliverChange } from '../events/publisher.ts';
import { badRequest, conflict, notFound, serviceBusy } from '../http/errors.ts';
import { batchGetAll } from './batch.ts';
import { dynamoDb } from './client.ts';
import type { Appointment } from './entities/appointment.ts';
import type { ScheduleDay } from './entities/schedule.ts';
import type { User } from './entities/user.ts';
import { pendingEventOf } from './outbox.ts';
import { db } from './service.ts';

export type AppointmentItem = EntityItem<typeof Appointment>;

export const SLOT_TAKEN = 'Time slot is not available';
export const CHANGED_CONCURRENTLY = 'This appointment was changed by someone else; reload it and try again';

/** Conflicting writers on the same schedule day retry this many times before giving up. */
const MAX_ATTEMPTS = 8;

export async function getAppointment(id: string): Promise<AppointmentItem | null> {
  const { data } = await db().entities.appointment.get({ id }).go();
  return data;
}

/** The lower-case text the admin search (`q`) looks in: title, attendee name and email, description. */
export function searchTextOf(a: Pick<AppointmentItem, 'title' | 'attendeeName' | 'attendeeEmail' | 'description'>): string {
  return [a.title, a.attendeeName, a.attendeeEmail, a.description].filter(Boolean).join(' \u0001 ').toLowerCase();
}

const dayKey = (ownerId: string, day: string) => `${ownerId}|${day}`;

/** Each month's change in statistics caused by replacing `before` with `after`. */
function statsDeltas(before: AppointmentItem | undefined, after: AppointmentItem | undefined): Map<string, MonthStats> {
  const zone = config().DEFAULT_TIMEZONE;
  const deltas = new Map<string, MonthStats>();
  const apply = (a: AppointmentItem | undefined, sign: 1 | -1) => {
    if (!a) return;
    const month = monthOf(a.startTime, zone);
    const part = contribution(a);
    const current = deltas.get(month) ?? EMPTY_STATS;
    deltas.set(month, sign === 1 ? add(current, part) : subtract(current, part));
  };
  apply(before, -1);
  apply(after, 1);
  for (const [month, delta] of deltas) if (isZero(delta)) deltas.delete(month);
  return deltas;
}

const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

const daysOfSpan = (span: { start: string; end: string }) => daysOf(span.start, span.end);

interface DayRef {
  ownerId: string;
  day: string;
}

/**
 * The schedule days a write of `next` over `before` touches: `written` (their holds change) and
 * `checkedOnly` (read to check a new hold against its neighbours' buffers, condition-checked).
 */
function schedulePlan(before: AppointmentItem | undefined, next: AppointmentItem | undefined) {
  const releasing = before && holdsTime(before.status) ? participationsOf(before) : [];
  const taking = (next && holdsTime(next.status) ? participationsOf(next) : []).map((p) => ({
    ...p,
    check: !releasing.some((r) => r.ownerId === p.ownerId && sameHold(r.hold, p.hold)),
  }));
  const written = new Map<string, DayRef>();
  for (const { ownerId, hold } of [...releasing, ...taking]) {
    for (const day of daysOfSpan(blockedSpan(hold))) written.set(dayKey(ownerId, day), { ownerId, day });
  }
  const checkedOnly = new Map<string, DayRef>();
  for (const { ownerId, hold, check } of taking) {
    if (!check) continue;
    for (const day of daysOfSpan(checkedSpan(hold))) {
      const key = dayKey(ownerId, day);
      if (!written.has(key)) checkedOnly.set(key, { ownerId, day });
    }
  }
  return { taking, written, checkedOnly, toRead: [...written.values(), ...checkedOnly.values()] };
}

type ScheduleDayItem = EntityItem<typeof ScheduleDay>;
type UserItem = EntityItem<typeof User>;

/** Schedule days read ahead of a write (readForBooking): its first attempt reads nothing more. */
export interface PrefetchedSchedule {
  keys: ReadonlySet<string>;
  days: ScheduleDayItem[];
}

/**
 * What creating `draft` needs, in ONE BatchGetItem: the profiles of `userIds` (its owner's, for
 * the attendee fields; an assigned admin's, to check the role) and the schedule days the write
 * checks. The days depend only on who and when, which the profiles do not change, so a draft
 * composed from the caller's claims gives the right keys. Missing items are simply absent.
 */
export async function readForBooking(userIds: string[], draft: AppointmentItem): Promise<{ users: Map<string, UserItem>; schedule: PrefetchedSchedule }> {
  const { user, scheduleDay } = db().entities;
  const days = schedulePlan(undefined, draft).toRead;
  const wanted = [
    ...[...new Set(userIds)].map((id) => ({ entity: user as AnyEntity, key: user.get({ id }).params().Key })),
    ...days.map((day) => ({ entity: scheduleDay as AnyEntity, key: scheduleDay.get(day).params().Key })),
  ];
  const items = await batchGetKeys(wanted.map((w) => w.key as Key));
  const users = new Map<string, UserItem>();
  const found: ScheduleDayItem[] = [];
  for (const item of items) {
    const source = wanted.find((w) => w.key.pk === item.pk && w.key.sk === item.sk)!;
    const { data } = source.entity.parse({ Item: item });
    if (source.entity === (user as AnyEntity)) users.set((data as UserItem).id, data as UserItem);
    else found.push(data as ScheduleDayItem);
  }
  return { users, schedule: { keys: new Set(days.map((d) => dayKey(d.ownerId, d.day))), days: found } };
}

type Key = { pk: string; sk: string };
type AnyEntity = { parse(item: { Item: Record<string, unknown> }): { data: unknown } };

/** One BatchGetItem for up to 100 keys of any entities; what DynamoDB leaves unprocessed is asked again. */
async function batchGetKeys(keys: Key[]): Promise<Array<Record<string, unknown>>> {
  const table = config().TABLE_NAME;
  const items: Array<Record<string, unknown>> = [];
  let pending: Key[] = keys;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const result = await dynamoDb().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
    items.push(...(result.Responses?.[table] ?? []));
    pending = (result.UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
    if (pending.length > 0) await jitter(attempt);
  }
  return items;
}

/** Whose change a write announces, and what kind (the AppointmentChanged event). */
export interface ChangeNotice {
  change: AppointmentChangeKind;
  actor: string;
}

export interface WriteOptions {
  /**
   * Announce the change: its AppointmentChanged event goes into the outbox in the same
   * transaction, and is published once the write committed (shared/events/publisher.ts).
   */
  notice?: ChangeNotice;
  prefetched?: PrefetchedSchedule;
}

/**
 * Writes an appointment (created when `before` is absent, replaced otherwise) together with the
 * schedule days of everyone whose time it holds, its month's statistics, when it gets a new
 * Lago invoice id the invoice → appointment link the webhook reads, and the outbox item of its
 * event, in ONE transaction.
 * The schedule days are written on the condition that they did not change since they were read;
 * a lost race is retried with fresh data, and an overlap is a 409 "Time slot is not available".
 * A hold is stored on every day its buffers touch; checking a new or moved hold also reads the
 * days its margin reaches (shared/domain/appointments/schedule.ts), and those it does not write
 * go into the transaction as a condition check on the version read. A hold the write keeps as it
 * was (a confirmation, a new title) is not checked again: it was checked when it was placed.
 */
export async function writeAppointment(
  before: AppointmentItem | undefined,
  after: AppointmentItem | undefined,
  options: WriteOptions = {},
): Promise<AppointmentItem | undefined> {
  const next = after && { ...after, version: (before?.version ?? 0) + 1, searchText: searchTextOf(after) };
  const { taking, written: keys, checkedOnly, toRead } = schedulePlan(before, next);
  const deltas = statsDeltas(before, next);
  const appointmentId = (next ?? before)!.id;
  const newInvoiceId = next?.lagoInvoiceId && next.lagoInvoiceId !== before?.lagoInvoiceId ? next.lagoInvoiceId : undefined;
  const { notice, prefetched } = options;
  const event = notice && describeChange(notice.change, before, next, notice.actor, new Date().toISOString());
  let throttled = false;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const readAhead = attempt === 1 && prefetched && toRead.every((d) => prefetched.keys.has(dayKey(d.ownerId, d.day)));
    const stored = readAhead ? prefetched.days : toRead.length ? await batchGetAll((keys) => db().entities.scheduleDay.get(keys).go(), toRead) : [];
    const storedByKey = new Map(stored.map((d) => [dayKey(d.ownerId, d.day), d]));
    const newHolds = new Map<string, Hold[]>();
    for (const [key] of keys) {
      newHolds.set(key, (storedByKey.get(key)?.holds ?? []).filter((h) => h.appointmentId !== appointmentId));
    }
    for (const { ownerId, hold, check } of taking) {
      if (check) {
        const around = daysOfSpan(checkedSpan(hold)).map((day) => dayKey(ownerId, day));
        const holdsOn = (key: string) => newHolds.get(key) ?? storedByKey.get(key)?.holds ?? [];
        const existing = new Map(around.flatMap(holdsOn).map((h) => [h.appointmentId, h]));
        if (!fits(hold, [...existing.values()])) throw conflict(SLOT_TAKEN);
      }
      for (const day of daysOfSpan(blockedSpan(hold))) newHolds.get(dayKey(ownerId, day))!.push(hold);
    }

    const result = await db()
      .transaction.write(({ appointment, scheduleDay, monthStats, invoiceLink, pendingEvent }) => [
        ...(next
          ? [
              before
                ? appointment
                    .put(next)
                    .where(({ version }, { eq }) => eq(version, before.version))
                    .commit({ response: 'all_old' })
                : appointment.create(next).commit({ response: 'all_old' }),
            ]
          : [
              appointment
                .delete({ id: before!.id })
                .where(({ version }, { eq }) => eq(version, before!.version))
                .commit({ response: 'all_old' }),
            ]),
        ...[...keys].map(([key, { ownerId, day }]) => {
          const current = storedByKey.get(key);
          const item = {
            ownerId,
            day,
            holds: newHolds.get(key)!,
            version: (current?.version ?? 0) + 1,
            // Kept a month past the day, then DynamoDB's TTL removes it.
            ttl: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 32 * 86_400,
          };
          return current
            ? scheduleDay.put(item).where(({ version }, { eq }) => eq(version, current.version)).commit({ response: 'all_old' })
            : scheduleDay.create(item).commit({ response: 'all_old' });
        }),
        ...[...checkedOnly].map(([key, { ownerId, day }]) => {
          const current = storedByKey.get(key);
          return scheduleDay
            .check({ ownerId, day })
            .where(({ version }, { eq, notExists }) => (current ? eq(version, current.version) : notExists(version)))
            .commit();
        }),
        ...[...deltas].map(([month, delta]) => monthStats.update({ month }).add(delta).commit()),
        // Links are kept when the id changes again (a voided invoice): its late webhooks still resolve.
        ...(newInvoiceId ? [invoiceLink.put({ lagoInvoiceId: newInvoiceId, appointmentId }).commit()] : []),
        ...(event ? [pendingEvent.put(pendingEventOf(event)).commit()] : []),
      ])
      .go();

    if (!result.canceled) {
      if (event) await deliverChange(event);
      return next;
    }
    const reasons = result.data as Array<{ rejected: boolean; code?: string }>;
    const appointmentWrite = reasons[0];
    if (appointmentWrite?.rejected && appointmentWrite.code === 'ConditionalCheckFailed') throw conflict(CHANGED_CONCURRENTLY);
    throttled = reasons.some((reason) => reason.code === 'ThrottlingError' || reason.code === 'ProvisionedThroughputExceeded');
    await jitter(attempt);
  }
  // Still throttled after every attempt: nothing was written, a plain "try again" (503). Still
  // losing races on the same days: the schedule is genuinely contended (409).
  if (throttled) throw serviceBusy();
  throw conflict('The schedule is busy right now; please try again');
}

export interface AppointmentFilters {
  status?: AppointmentItem['status'];
  type?: AppointmentItem['type'];
  startDate?: string;
  endDate?: string;
  /** Lower-case text the search attribute must contain. */
  q?: string;
}

export type AppointmentIndex =
  | { index: 'byOwner'; userId: string }
  | { index: 'byAdmin'; assignedAdminId: string }
  | { index: 'byTime' };

const MAX_DURATION_MS = 24 * 3_600_000;

/**
 * One page of appointments from one index, sorted by start time: ONE DynamoDB Query. Filters
 * run server-side, so a page can hold fewer than `limit` items while `nextCursor` is set.
 */
export async function queryAppointments(from: AppointmentIndex, filters: AppointmentFilters, page: { limit: number; cursor?: string }) {
  const entity = db().entities.appointment;
  const base =
    from.index === 'byOwner'
      ? entity.query.byOwner({ userId: from.userId })
      : from.index === 'byAdmin'
        ? entity.query.byAdmin({ assignedAdminId: from.assignedAdminId })
        : entity.query.byTime({});
  // An appointment overlapping [startDate, endDate) starts before endDate and at most a day
  // (the longest appointment) before startDate: that bounds the sort-key range.
  const low = filters.startDate ? new Date(Date.parse(filters.startDate) - MAX_DURATION_MS).toISOString() : undefined;
  const ranged =
    low && filters.endDate
      ? base.between({ startTime: low }, { startTime: filters.endDate })
      : low
        ? base.gte({ startTime: low })
        : filters.endDate
          ? base.lte({ startTime: filters.endDate })
          : base;
  const query = ranged.where((attr, op) =>
    [
      filters.status && op.eq(attr.status, filters.status),
      filters.type && op.eq(attr.type, filters.type),
      filters.startDate && op.gt(attr.endTime, filters.startDate),
      filters.endDate && op.lt(attr.startTime, filters.endDate),
      filters.q && op.contains(attr.searchText, filters.q),
    ]
      .filter(Boolean)
      .join(' AND '),
  );
  assertCursorBelongs(page.cursor, query.params() as { IndexName?: string; ExpressionAttributeValues: Record<string, unknown> });
  const { data, cursor } = await query.go({ limit: page.limit, cursor: page.cursor ?? null });
  return { items: data, nextCursor: cursor ?? undefined };
}

/**
 * A cursor is the last key of the previous page. It must decode and point into the partition
 * being queried: a crafted one can neither crash the request nor start inside someone else's data.
 */
function assertCursorBelongs(cursor: string | undefined, params: { IndexName?: string; ExpressionAttributeValues: Record<string, unknown> }) {
  if (cursor === undefined) return;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('Invalid cursor');
  }
  const pkField = params.IndexName ? `${params.IndexName}pk` : 'pk';
  const valid =
    key !== null &&
    typeof key === 'object' &&
    Object.values(key).every((v) => typeof v === 'string') &&
    (key as Record<string, string>)[pkField] === params.ExpressionAttributeValues[':pk'] &&
    Object.keys(key).every((k) => /^(pk|sk|gsi\dpk|gsi\dsk)$/.test(k));
  if (!valid) throw badRequest('Invalid cursor');
}

export const APPOINTMENT_NOT_FOUND = 'Appointment not found';

/** The appointment if the caller may see it (owner or admin); otherwise the same 404 as a missing id. */
export async function getAppointmentFor(id: string, caller: { id: string; isAdmin: boolean }): Promise<AppointmentItem> {
  const item = await getAppointment(id);
  if (!item || (!caller.isAdmin && item.userId !== caller.id)) throw notFound(APPOINTMENT_NOT_FOUND);
  return item;
}

/**
 * Confirmed appointments whose start lies in [from, to] (both included): the `appointment.byTime`
 * index queried on the start-time range, every page (the scheduled reminders; never a Scan).
 */
export async function confirmedStartingBetween(from: string, to: string): Promise<AppointmentItem[]> {
  const { data } = await db()
    .entities.appointment.query.byTime({})
    .between({ startTime: from }, { startTime: to })
    .where((attr, op) => op.eq(attr.status, 'confirmed'))
    .go({ pages: 'all' });
  return data;
}
