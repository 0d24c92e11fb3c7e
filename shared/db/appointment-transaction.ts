import type { Entity, EntityItem, TransactWriteEntity } from 'electrodb';
import { createWriteTransaction } from './electrodb.ts';
import { config } from '../config.ts';
import { bookingPlan, dayKey, placeHolds, type BookingPlan } from '../domain/appointments/booking-plan.ts';
import type { Hold } from '../domain/appointments/schedule.ts';
import { monthDeltas } from '../domain/appointments/stats.ts';
import { ChangedConcurrently, Conflict, ServiceBusy, SlotTaken } from '../errors.ts';
import { describeChange, type AppointmentChangedDetail, type AppointmentChangeKind } from '../events/appointment-changed.ts';
import { searchTextOf, type AppointmentItem } from './appointments.ts';
import { batchGetAll, batchGetKeys, type TableKey } from './batch.ts';
import type { ScheduleDay } from './entities/schedule.ts';
import type { User } from './entities/user.ts';
import { pendingEventOf } from './outbox.ts';
import { db } from './service.ts';

/** Conflicting writers on the same schedule day retry this many times before giving up. */
export const MAX_ATTEMPTS = 8;

export const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

export type ScheduleDayItem = EntityItem<ScheduleDay>;
type ScheduleDayInTransaction = ScheduleDay extends Entity<infer A, infer F, infer C, infer S> ? TransactWriteEntity<A, F, C, S> : never;
type UserItem = EntityItem<User>;
type AnyEntity = { parse(item: { Item: Record<string, unknown> }): { data: unknown } };

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
  const days = bookingPlan(undefined, draft).toRead;
  const wanted = [
    ...[...new Set(userIds)].map((id) => ({ entity: user as AnyEntity, key: user.get({ id }).params().Key as TableKey })),
    ...days.map((day) => ({ entity: scheduleDay as AnyEntity, key: scheduleDay.get(day).params().Key as TableKey })),
  ];
  const items = await batchGetKeys(wanted.map((w) => w.key));
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

/** Whose change a write announces, and what kind (the AppointmentChanged event). */
export interface ChangeNotice {
  change: AppointmentChangeKind;
  actor: string;
}

export interface WriteOptions {
  /** Announce the change: its AppointmentChanged event goes into the outbox in the same transaction. */
  notice?: ChangeNotice;
  prefetched?: PrefetchedSchedule;
}

/**
 * Writes an appointment (created when `before` is absent, replaced otherwise, deleted when `after`
 * is) together with the schedule days of everyone whose time it holds (shared/domain/appointments/
 * booking-plan.ts), its months' statistics, when it gets a new Lago invoice id the invoice →
 * appointment link the webhook reads, and the outbox item of its event, in ONE transaction.
 * The schedule days are written on the condition that they did not change since they were read;
 * a lost race is retried with fresh data, and an overlap is SlotTaken. Publishing the event is
 * the caller's (shared/appointments/save-appointment.ts): this only commits.
 */
export async function commitAppointment(
  before: AppointmentItem | undefined,
  after: AppointmentItem | undefined,
  options: WriteOptions = {},
): Promise<{ saved: AppointmentItem | undefined; event: AppointmentChangedDetail | undefined }> {
  const next = after && { ...after, version: (before?.version ?? 0) + 1, searchText: searchTextOf(after) };
  const plan = bookingPlan(before, next);
  const deltas = monthDeltas(before, next, config().DEFAULT_TIMEZONE);
  const appointmentId = (next ?? before)!.id;
  const newInvoiceId = next?.lagoInvoiceId && next.lagoInvoiceId !== before?.lagoInvoiceId ? next.lagoInvoiceId : undefined;
  const { notice, prefetched } = options;
  const event = notice && describeChange(notice.change, before, next, notice.actor, new Date().toISOString());
  let throttled = false;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const readAhead = attempt === 1 && prefetched && plan.toRead.every((d) => prefetched.keys.has(dayKey(d.ownerId, d.day)));
    const stored = readAhead ? prefetched.days : await readScheduleDays(plan);
    const storedByKey = new Map(stored.map((d) => [dayKey(d.ownerId, d.day), d]));
    const placed = placeHolds(plan, appointmentId, new Map<string, Hold[]>(stored.map((d) => [dayKey(d.ownerId, d.day), d.holds])), new Date().toISOString());
    if (placed.taken) throw new SlotTaken();

    const result = await createWriteTransaction(
      db().pick('appointment', 'scheduleDay', 'monthStats', 'invoiceLink', 'pendingEvent'),
      ({ appointment, scheduleDay, monthStats, invoiceLink, pendingEvent }) => [
        next
          ? before
            ? appointment
                .put(next)
                .where(({ version }, { eq }) => eq(version, before.version))
                .commit({ response: 'all_old' })
            : appointment.create(next).commit({ response: 'all_old' })
          : appointment
              .delete({ id: before!.id })
              .where(({ version }, { eq }) => eq(version, before!.version))
              .commit({ response: 'all_old' }),
        ...scheduleDayWrites(scheduleDay, plan, placed.holds, storedByKey),
        ...[...deltas].map(([month, delta]) => monthStats.update({ month }).add(delta).commit()),
        // Links are kept when the id changes again (a voided invoice): its late webhooks still resolve.
        ...(newInvoiceId ? [invoiceLink.put({ lagoInvoiceId: newInvoiceId, appointmentId }).commit()] : []),
        ...(event ? [pendingEvent.put(pendingEventOf(event)).commit()] : []),
      ],
    ).go();

    if (!result.canceled) return { saved: next, event };
    const reasons = result.data as Array<{ rejected: boolean; code?: string }>;
    const appointmentWrite = reasons[0];
    if (appointmentWrite?.rejected && appointmentWrite.code === 'ConditionalCheckFailed') throw new ChangedConcurrently();
    throttled = reasons.some((reason) => reason.code === 'ThrottlingError' || reason.code === 'ProvisionedThroughputExceeded');
    await jitter(attempt);
  }
  // Still throttled after every attempt: nothing was written, a plain "try again" (503). Still
  // losing races on the same days: the schedule is genuinely contended (409).
  if (throttled) throw new ServiceBusy();
  throw new Conflict('The schedule is busy right now; please try again');
}

/** The schedule days a plan reads (none for a write that holds no time). */
export async function readScheduleDays(plan: BookingPlan): Promise<ScheduleDayItem[]> {
  return plan.toRead.length ? batchGetAll((keys) => db().entities.scheduleDay.get(keys).go(), plan.toRead) : [];
}

/**
 * The transaction's part for the schedule days: each written day put with its new holds on the
 * condition that its version is still the one read (created if it was absent), and each day read
 * only to check a neighbour's buffers checked the same way.
 */
export function scheduleDayWrites(
  scheduleDay: ScheduleDayInTransaction,
  plan: BookingPlan,
  holds: ReadonlyMap<string, Hold[]>,
  storedByKey: ReadonlyMap<string, ScheduleDayItem>,
) {
  return [
    ...[...plan.written].map(([key, { ownerId, day }]) => {
      const current = storedByKey.get(key);
      const item = {
        ownerId,
        day,
        holds: holds.get(key)!,
        version: (current?.version ?? 0) + 1,
        // Kept a month past the day, then DynamoDB's TTL removes it.
        ttl: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 32 * 86_400,
      };
      return current
        ? scheduleDay.put(item).where(({ version }, { eq }) => eq(version, current.version)).commit({ response: 'all_old' })
        : scheduleDay.create(item).commit({ response: 'all_old' });
    }),
    ...[...plan.checkedOnly].map(([key, { ownerId, day }]) => {
      const current = storedByKey.get(key);
      return scheduleDay
        .check({ ownerId, day })
        .where(({ version }, { eq, notExists }) => (current ? eq(version, current.version) : notExists(version)))
        .commit();
    }),
  ];
}

/** commitAppointment without an announcement (seed data, benchmarks, data tests): the saved item. */
export async function writeAppointment(before: AppointmentItem | undefined, after: AppointmentItem | undefined): Promise<AppointmentItem | undefined> {
  return (await commitAppointment(before, after)).saved;
}
