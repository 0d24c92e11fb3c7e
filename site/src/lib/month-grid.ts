import { TZDate } from '@date-fns/tz';

/**
 * Calendar arithmetic for the month-grid date picker (components/appointments/SlotPicker.tsx).
 * Days are calendar dates ("2026-12-08") and months "2026-12", never instants: a day of the grid
 * is a date on the visitor's wall calendar, so adding a day must not go through local midnight
 * plus 24 hours (wrong on the days clocks change). The date parts are computed in UTC, which has
 * no daylight saving; only `dateIn` and `monthSpan` relate dates to instants, in a named zone.
 */

/** "YYYY-MM-DD". */
export type CalendarDate = string;
/** "YYYY-MM". */
export type CalendarMonth = string;

const DAY_MS = 86_400_000;

const parts = (date: CalendarDate) => date.split('-').map(Number) as [number, number, number];
const iso = (utcMs: number) => new Date(utcMs).toISOString().slice(0, 10);
const utcOf = (date: CalendarDate) => {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
};

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return iso(utcOf(date) + days * DAY_MS);
}

export function addMonths(month: CalendarMonth, months: number): CalendarMonth {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m - 1 + months, 1)).slice(0, 7);
}

export const monthOf = (date: CalendarDate): CalendarMonth => date.slice(0, 7);

/** Monday = 0 … Sunday = 6 (weeks start on Monday, as in France). */
export function weekdayIndex(date: CalendarDate): number {
  return (new Date(utcOf(date)).getUTCDay() + 6) % 7;
}

export const weekStart = (date: CalendarDate): CalendarDate => addDays(date, -weekdayIndex(date));
export const weekEnd = (date: CalendarDate): CalendarDate => addDays(date, 6 - weekdayIndex(date));

/** The days of `month` in rows of seven, Monday first; null pads the first and last rows. */
export function monthWeeks(month: CalendarMonth): Array<Array<CalendarDate | null>> {
  const first = `${month}-01`;
  const next = `${addMonths(month, 1)}-01`;
  const weeks: Array<Array<CalendarDate | null>> = [];
  for (let day = weekStart(first); day < next; day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)).map((d) => (monthOf(d) === month ? d : null)));
  }
  return weeks;
}

/** The calendar date an instant falls on in `zone`. */
export function dateIn(instant: Date | number, zone: string): CalendarDate {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(instant);
}

/** The first instant of a date in `zone` (its midnight, or the first instant after a gap there). */
export function startOfDateIn(date: CalendarDate, zone: string): Date {
  const [y, m, d] = parts(date);
  return new Date(+new TZDate(y, m - 1, d, zone));
}

/**
 * The instants to ask the availability API for to fill `month` in `zone`: from its first instant,
 * or `earliest` when later (the API offers nothing in the past, and a move has a notice), to the
 * first instant of the next month. None when `earliest` is already past the month.
 */
export function monthSpan(month: CalendarMonth, zone: string, earliest: Date): { from: string; to: string } | undefined {
  const start = startOfDateIn(`${month}-01`, zone).getTime();
  const end = startOfDateIn(`${addMonths(month, 1)}-01`, zone).getTime();
  const from = Math.max(start, earliest.getTime());
  return from < end ? { from: new Date(from).toISOString(), to: new Date(end).toISOString() } : undefined;
}

/**
 * Where a key moves the focus in a date grid (the ARIA date picker pattern): a day or a week
 * either way, the start or end of the week, the same day a month before or after (the month's
 * last day when shorter). Undefined for any other key.
 */
export function dateAfterKey(date: CalendarDate, key: string): CalendarDate | undefined {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return weekStart(date);
    case 'End':
      return weekEnd(date);
    case 'PageUp':
    case 'PageDown': {
      const month = addMonths(monthOf(date), key === 'PageUp' ? -1 : 1);
      const lastDay = addDays(`${addMonths(month, 1)}-01`, -1);
      const day = `${month}-${date.slice(8)}`;
      return day > lastDay ? lastDay : day;
    }
    default:
      return undefined;
  }
}
