/**
 * Calendar dates as epoch day numbers (days since 1970-01-01). Date arithmetic on plain day
 * numbers needs no time zone: a zone only matters when a wall time becomes an instant.
 */
import { DAY_MS, MINUTE_MS, type OffsetAt } from './wall-clock.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** YYYY-MM-DD → epoch day; throws on anything else so a bad record is noticed, not skipped. */
export function parseCalendarDate(date: string): number {
  const match = DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || formatCalendarDay(ms / DAY_MS) !== date) throw new RangeError(`Invalid date (YYYY-MM-DD): ${date}`);
  return ms / DAY_MS;
}

export function formatCalendarDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** HH:mm → minutes after midnight. 24:00 is accepted as the end of the day. */
export function parseWallTime(time: string): number {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`Invalid time (HH:mm): ${time}`);
  return match[1] === undefined ? 1440 : Number(match[1]) * 60 + Number(match[2]);
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
export function dayOfWeek(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The zone's calendar day at an instant. */
export function localDay(instantMs: number, offsetAt: OffsetAt): number {
  return Math.floor((instantMs + offsetAt(instantMs) * MINUTE_MS) / DAY_MS);
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * ISO instant → epoch ms. Throws rather than letting NaN compare false everywhere, and insists on
 * a zone designator: without one Date.parse reads the process's local time, which is not pure.
 */
export function parseInstant(value: string, what: string): number {
  const ms = tryParseInstant(value);
  if (ms === undefined) throw new RangeError(`Invalid ${what} (ISO 8601 instant with a zone): ${value}`);
  return ms;
}

export function tryParseInstant(value: string): number | undefined {
  const ms = ZONED.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
