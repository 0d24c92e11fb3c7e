/**
 * Days and months for the admin list's period controls: a day picked in an <input type="date">
 * means that day in the viewer's time zone; a month is the API's `YYYY-MM`.
 */

/** The years a date input accepts (beyond them the API's ISO instants would not round-trip). */
export const DAY_MIN = '1900-01-01';
export const DAY_MAX = '2999-12-31';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a `YYYY-MM-DD` between DAY_MIN and DAY_MAX. */
export function isUsableDay(day: string): boolean {
  return DAY.test(day) && day >= DAY_MIN && day <= DAY_MAX;
}

/**
 * The instant (ISO, UTC) a `YYYY-MM-DD` day starts in the viewer's zone, `offsetDays` later:
 * dayStart('2027-03-31', 1) is the end of 31 March, i.e. the start of 1 April. Daylight-saving
 * days are whatever length they are (the local calendar does the arithmetic, not 24 h steps).
 */
export function dayStart(day: string, offsetDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match || !isUsableDay(day)) return undefined;
  const date = new Date(2000, 0, 1);
  // setFullYear, not the constructor: it would read a year below 100 as 19xx.
  date.setFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + offsetDays);
  date.setHours(0, 0, 0, 0);
  return date.toISOString();
}

/** "1 Mar 2027" for a `YYYY-MM-DD` (as a date in the viewer's zone). */
export function formatDayLabel(day: string, locale = 'en-GB'): string {
  const start = dayStart(day);
  return start ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(start)) : day;
}

/** The `YYYY-MM` `delta` months after `month` (negative: before). */
export function shiftMonth(month: string, delta: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "December 2026" for "2026-12" (a calendar month: no time zone involved). */
export function formatMonth(month: string, locale = 'en-GB'): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, monthNumber - 1, 15)));
}
