import type { EntityItem } from 'electrodb';
import { createWriteTransaction } from './electrodb.ts';
import { dayKey, placeHolds, planParticipations } from '../domain/appointments/booking-plan.ts';
import type { Hold, Participation } from '../domain/appointments/schedule.ts';
import { Conflict, ServiceBusy, SlotTaken, TooManyRequests } from '../errors.ts';
import { MAX_ATTEMPTS, jitter, readScheduleDays, scheduleDayWrites } from './appointment-transaction.ts';
import type { BookingToken, PublicHold } from './entities/public-booking.ts';
import { db } from './service.ts';

export type PublicHoldItem = EntityItem<PublicHold>;
export type BookingTokenItem = EntityItem<BookingToken>;

/** One unconfirmed-holds counter to add to, refused at `limit` (PublicHoldQuota). */
export interface QuotaCount {
  key: string;
  hour: string;
  limit: number;
}

/**
 * Places a visitor's hold: the assigned admin's time in the schedule days (checked like any
 * booking's: two visitors on the last place of a slot, one wins), the hold itself, its
 * confirmation token and the per-hour counters of its e-mail address and client address, in ONE
 * transaction. A counter at its limit refuses the whole (429); a lost race on the schedule is
 * retried with fresh data, and a place taken meanwhile is SlotTaken (409).
 */
export async function commitPublicHold(input: { hold: PublicHoldItem; token: BookingTokenItem; quotas: QuotaCount[]; now: string; tooMany: string }): Promise<void> {
  const { hold, token, quotas } = input;
  const participation: Participation = {
    ownerId: hold.assignedAdminId,
    hold: heldTime(hold),
  };
  const plan = planParticipations([], [participation]);
  let throttled = false;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await readScheduleDays(plan);
    const storedByKey = new Map(stored.map((d) => [dayKey(d.ownerId, d.day), d]));
    const placed = placeHolds(plan, hold.id, new Map<string, Hold[]>(stored.map((d) => [dayKey(d.ownerId, d.day), d.holds])), input.now);
    if (placed.taken) throw new SlotTaken();

    const result = await createWriteTransaction(db().pick('publicHold', 'bookingToken', 'publicHoldQuota', 'scheduleDay'), ({ publicHold, bookingToken, publicHoldQuota, scheduleDay }) => [
        ...quotas.map((quota) =>
          publicHoldQuota
            .update({ key: quota.key, hour: quota.hour })
            .add({ count: 1 })
            .set({ ttl: Math.floor(Date.parse(`${quota.hour}:00:00Z`) / 1000) + 2 * 3600 })
            .where(({ count }, { lt, notExists }) => `${notExists(count)} OR ${lt(count, quota.limit)}`)
            .commit({ response: 'all_old' }),
        ),
        publicHold.create(hold).commit({ response: 'all_old' }),
        bookingToken.create(token).commit({ response: 'all_old' }),
        ...scheduleDayWrites(scheduleDay, plan, placed.holds, storedByKey),
      ]).go();
    if (!result.canceled) return;
    const reasons = result.data as Array<{ rejected: boolean; code?: string }>;
    if (reasons.slice(0, quotas.length).some((reason) => reason.rejected && reason.code === 'ConditionalCheckFailed')) throw new TooManyRequests(input.tooMany);
    throttled = reasons.some((reason) => reason.code === 'ThrottlingError' || reason.code === 'ProvisionedThroughputExceeded');
    await jitter(attempt);
  }
  if (throttled) throw new ServiceBusy();
  throw new Conflict('The schedule is busy right now; please try again');
}

/** The time a hold keeps: the admin's, with the window's buffers and capacity, until it lapses. */
export function heldTime(hold: PublicHoldItem): Hold {
  return {
    appointmentId: hold.id,
    start: hold.startTime,
    end: hold.endTime,
    capacity: hold.adminCapacity,
    ...(hold.bufferBefore ? { bufferBefore: hold.bufferBefore } : {}),
    ...(hold.bufferAfter ? { bufferAfter: hold.bufferAfter } : {}),
    expiresAt: hold.expiresAt,
  };
}

export async function getPublicHold(id: string): Promise<PublicHoldItem | null> {
  const { data } = await db().entities.publicHold.get({ id }).go();
  return data;
}

/** Once its appointment exists the hold has served: availability counts the appointment. */
export async function removePublicHold(id: string): Promise<void> {
  await db().entities.publicHold.delete({ id }).go();
}

export async function getBookingToken(tokenHash: string): Promise<BookingTokenItem | null> {
  const { data } = await db().entities.bookingToken.get({ tokenHash }).go();
  return data;
}

export async function putBookingToken(token: BookingTokenItem): Promise<void> {
  await db().entities.bookingToken.create(token).go();
}

/**
 * The confirmation token answered: later uses find the appointment. Its personal details are
 * dropped (the appointment and the profile have them now) and it lives as long as a manage link.
 */
export async function markTokenConfirmed(tokenHash: string, confirmedAt: string, ttl: number): Promise<void> {
  await db().entities.bookingToken.patch({ tokenHash }).set({ confirmedAt, ttl }).remove(['visitor']).go();
}
