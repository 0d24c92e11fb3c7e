/**
 * Wall-clock time in an IANA zone → instant. This is the one piece of logic the brute-force
 * reference shares with the engine, so it is kept tiny and is tested on its own against a scan.
 */
import { tzOffset } from '@date-fns/tz';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** UTC offset in minutes (Paris in summer: 120) at an instant given in epoch milliseconds. */
export type OffsetAt = (instantMs: number) => number;

/** The zone's offsets straight from the runtime's tz data (Intl, through @date-fns/tz). */
export function zoneOffset(timeZone: string): OffsetAt {
  // tzOffset answers NaN for an unknown zone; a NaN would silently erase every slot.
  if (Number.isNaN(tzOffset(timeZone, new Date(0)))) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return (instantMs) => tzOffset(timeZone, new Date(instantMs));
}

/**
 * The instant at which the wall clock of a zone reads `minuteOfDay` minutes after midnight of
 * `epochDay` (days since 1970-01-01; minuteOfDay may be 1440 = midnight of the next day).
 *
 * TZDate's own constructor is not used because it resolves the DST edge cases differently from
 * the product rule (it takes the second occurrence of some ambiguous times and shifts skipped times
 * by the gap length):
 * - a wall time that does not exist (spring forward) moves forward to the first instant that
 *   exists, i.e. the transition itself: 02:30 Paris on 2026-03-29 → 03:00 CEST;
 * - an ambiguous wall time (fall back) takes its first occurrence: 02:30 Paris on 2026-10-25 →
 *   02:30 CEST.
 * Assumes at most one offset change within a day of the wall time, true of every zone today.
 */
export function wallClockToInstant(epochDay: number, minuteOfDay: number, offsetAt: OffsetAt): number {
  // The wall reading as if the zone were UTC; the true instant is this minus the offset.
  const wall = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  // The larger offset gives the earlier instant: trying it first picks the first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const instant = wall - offset * MINUTE_MS;
    if (offsetAt(instant) === offset) return instant;
  }
  // Neither offset reads this wall time: it falls in a gap. The first existing instant after it
  // is the transition, somewhere in (wall − after, wall − before]; offsets change on whole minutes.
  let lo = Math.floor((wall - after * MINUTE_MS) / MINUTE_MS);
  let hi = Math.ceil((wall - before * MINUTE_MS) / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MINUTE_MS) === before) lo = mid;
    else hi = mid;
  }
  return hi * MINUTE_MS;
}
