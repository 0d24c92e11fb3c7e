import { TZDate } from '@date-fns/tz';
import { inject } from 'vitest';
import { call, createTestUser, idTokenFor } from './stack.ts';

/**
 * A time years ahead, at a random day and hour: tests that book with the shared demo accounts
 * never collide with the seed or with each other (tests of overlaps use fresh users instead).
 */
export function futureSlot(minutes = 60) {
  const day = Math.floor(Math.random() * 3000);
  const hour = 6 + Math.floor(Math.random() * 12);
  const start = new Date(Date.UTC(2032, 0, 1, hour) + day * 86_400_000);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

/**
 * A time a client may request free-form (inside the minimum notice and the booking horizon, as
 * the API requires of clients): 45 to 86 days ahead (past the demo seed, which ends within about
 * 40 days), on a 5-minute grid between 06:00 and 19:00 UTC, at random so test files rarely meet.
 * Within one test file the slots handed out never overlap (with an hour to spare either side,
 * more than any buffer): one client's two random requests used to meet about once in 300 runs,
 * and the second answered 409. Admins' own appointments may use futureSlot (years ahead).
 */
export function requestSlot(minutes = 60) {
  const midnight = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (;;) {
    const day = 45 + Math.floor(Math.random() * 42);
    const minute = 6 * 60 + 5 * Math.floor(Math.random() * 156);
    const start = midnight + day * 86_400_000 + minute * 60_000;
    const end = start + minutes * 60_000;
    const clear = handedOut.every((slot) => end + HOUR <= slot.start || slot.end + HOUR <= start);
    if (!clear) continue;
    handedOut.push({ start, end });
    return { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() };
  }
}

const HOUR = 3_600_000;
/** The request slots this test file has been given (each file has its own module instance). */
const handedOut: { start: number; end: number }[] = [];

export async function demoTokens() {
  const [admin, client, jean] = await Promise.all([
    idTokenFor('admin@example.com'),
    idTokenFor('client@example.com'),
    idTokenFor('jean.dupont@example.com'),
  ]);
  const ids = inject('demoUserIds');
  return { admin, client, jean, adminId: ids['admin@example.com'], clientId: ids['client@example.com'], jeanId: ids['jean.dupont@example.com'] };
}

/** A fresh user with a profile (as after a first sign-in). */
export async function registeredUser(baseUrl: string, options: { admin?: boolean } = {}) {
  const user = await createTestUser(options);
  const me = await call(`${baseUrl}/api/me`, { token: user.idToken });
  if (me.status !== 200) throw new Error(`profile creation failed: ${me.status}`);
  return user;
}

/** A date `n` days ahead (pick n inside the minimum notice and the booking horizon) and its weekday. */
export function dayAhead(n: number) {
  const date = new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return { date, dayOfWeek: new Date(`${date}T12:00:00Z`).getUTCDay() };
}

/** The UTC instant (stored form) of a wall-clock `time` (HH:mm) on `date` (YYYY-MM-DD) in `zone`; fresh admins' slots are Paris time. */
export function wallClock(date: string, time: string, zone = 'Europe/Paris'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(+new TZDate(y, m - 1, d, hh, mm, zone)).toISOString();
}
