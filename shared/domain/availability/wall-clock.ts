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

/** The first minute (epoch minutes) in (loMinute, hiMinute] whose offset differs from loMinute's: offsets change on whole minutes. */
function changeBetween(loMinute: number, hiMinute: number, offsetAt: OffsetAt): number {
  const first = offsetAt(loMinute * MINUTE_MS);
  let lo = loMinute;
  let hi = hiMinute;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MINUTE_MS) === first) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The offsets in force around a wall-clock date: before and after any change near it (usually one). */
function offsetsAround(epochDay: number, offsetAt: OffsetAt): number[] {
  const before = offsetAt((epochDay - 1) * DAY_MS);
  const after = offsetAt((epochDay + 2) * DAY_MS);
  return before === after ? [before] : [before, after];
}

/**
 * Every instant at which the zone's clock reads `minuteOfDay` on `epochDay`, ascending: one on
 * most days, two in a repeated (fall-back) hour, none in a skipped (spring-forward) one. Unlike
 * wallClockToInstant it never moves a time: slot grids use it, so that a grid time that does not
 * exist is simply not a start and one that happens twice is a start twice.
 */
export function wallClockOccurrences(epochDay: number, minuteOfDay: number, offsetAt: OffsetAt): number[] {
  const wall = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
  return offsetsAround(epochDay, offsetAt)
    .map((offset) => ({ offset, instant: wall - offset * MINUTE_MS }))
    .filter(({ offset, instant }) => offsetAt(instant) === offset)
    .map(({ instant }) => instant)
    .sort((a, b) => a - b);
}

/**
 * The instants whose clock reading is on `epochDay` within [fromMinute, toMinute), as disjoint
 * ascending intervals: one interval on most days; on a fall-back day a range over the repeated
 * hour gives both occurrences (02:30–02:45 is two quarter hours of real time, an hour apart),
 * which is what a person reading the range expects to be covered. A range inside a skipped hour
 * covers nothing. Assumes at most one offset change within a day of the date.
 */
export function wallClockSpans(epochDay: number, fromMinute: number, toMinute: number, offsetAt: OffsetAt): Array<{ start: number; end: number }> {
  if (!(toMinute > fromMinute)) return [];
  const pieces: Array<{ start: number; end: number }> = [];
  for (const offset of offsetsAround(epochDay, offsetAt)) {
    // Where the clock would read the range if `offset` held throughout, cut to where it does hold.
    let start = epochDay * DAY_MS + (fromMinute - offset) * MINUTE_MS;
    let end = epochDay * DAY_MS + (toMinute - offset) * MINUTE_MS;
    const atStart = offsetAt(start) === offset;
    const atEnd = offsetAt(end - MINUTE_MS) === offset;
    if (!atStart && !atEnd) continue;
    if (!atStart || !atEnd) {
      const change = changeBetween(start / MINUTE_MS, end / MINUTE_MS - 1, offsetAt) * MINUTE_MS;
      if (atStart) end = change;
      else start = change;
    }
    pieces.push({ start, end });
  }
  // Two pieces may touch (a range across a spring-forward change): join them.
  pieces.sort((a, b) => a.start - b.start);
  const joined: Array<{ start: number; end: number }> = [];
  for (const piece of pieces) {
    const last = joined.at(-1);
    if (last && piece.start <= last.end) last.end = Math.max(last.end, piece.end);
    else joined.push({ ...piece });
  }
  return joined;
}
