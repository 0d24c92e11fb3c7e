import type { EntityItem } from 'electrodb';
import { config } from '../config.ts';
import { holdsTime } from '../domain/appointments/status.ts';
import { daysOf, fits, participationsOf, type Hold } from '../domain/appointments/schedule.ts';
import { EMPTY_STATS, add, contribution, isZero, monthOf, subtract, type MonthStats } from '../domain/appointments/stats.ts';
import { conflict } from '../http/errors.ts';
import type { Appointment } from './entities/appointment.ts';
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

function searchTextOf(a: AppointmentItem): string {
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

/**
 * Writes an appointment (created when `before` is absent, replaced otherwise) together with the
 * schedule days of everyone whose time it holds and its month's statistics, in ONE transaction.
 * The schedule days are written on the condition that they did not change since they were read;
 * a lost race is retried with fresh data, and an overlap is a 409 "Time slot is not available".
 */
export async function writeAppointment(before: AppointmentItem | undefined, after: AppointmentItem | undefined): Promise<AppointmentItem | undefined> {
  const next = after && { ...after, version: (before?.version ?? 0) + 1, searchText: searchTextOf(after) };
  const releasing = before && holdsTime(before.status) ? participationsOf(before) : [];
  const taking = next && holdsTime(next.status) ? participationsOf(next) : [];
  const keys = new Map<string, { ownerId: string; day: string }>();
  for (const { ownerId, hold } of [...releasing, ...taking]) {
    for (const day of daysOf(hold.start, hold.end)) keys.set(dayKey(ownerId, day), { ownerId, day });
  }
  const deltas = statsDeltas(before, next);
  const appointmentId = (next ?? before)!.id;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { data: stored } = keys.size ? await db().entities.scheduleDay.get([...keys.values()]).go() : { data: [] };
    const storedByKey = new Map(stored.map((d) => [dayKey(d.ownerId, d.day), d]));
    const newHolds = new Map<string, Hold[]>();
    for (const [key] of keys) {
      newHolds.set(key, (storedByKey.get(key)?.holds ?? []).filter((h) => h.appointmentId !== appointmentId));
    }
    for (const { ownerId, hold } of taking) {
      const days = daysOf(hold.start, hold.end).map((day) => dayKey(ownerId, day));
      const existing = new Map(days.flatMap((key) => newHolds.get(key)!).map((h) => [h.appointmentId, h]));
      if (!fits(hold, [...existing.values()])) throw conflict(SLOT_TAKEN);
      for (const key of days) newHolds.get(key)!.push(hold);
    }

    const result = await db()
      .transaction.write(({ appointment, scheduleDay, monthStats }) => [
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
        ...[...deltas].map(([month, delta]) => monthStats.update({ month }).add(delta).commit()),
      ])
      .go();

    if (!result.canceled) return next;
    const appointmentWrite = (result.data as Array<{ rejected: boolean; code?: string }>)[0];
    if (appointmentWrite?.rejected && appointmentWrite.code === 'ConditionalCheckFailed') throw conflict(CHANGED_CONCURRENTLY);
    await jitter(attempt);
  }
  throw conflict('The schedule is busy right now; please try again');
}
