import type { Language } from './i18n.ts';
import type { CalendarDate } from './month-grid.ts';

/**
 * Dates and times as people type them, whatever the browser's own locale (a native date or time
 * input follows the browser, and showed mm/dd/yyyy and AM/PM to a French client in an English
 * browser). French pages take jj/mm/aaaa; the English admin pages take YYYY-MM-DD, which no one
 * reads the wrong way round; both take 24-hour times, as every page shows them.
 */

export const DATE_FORMAT: Record<Language, string> = { fr: 'jj/mm/aaaa', en: 'YYYY-MM-DD' };
export const TIME_FORMAT: Record<Language, string> = { fr: 'hh:mm', en: 'HH:MM' };

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): CalendarDate | undefined {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d > last ? undefined : `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * The date typed in a field: "03/12/2026", "3/12/2026", "03-12-2026" or "03.12.2026" on French
 * pages; "2026-12-03" (or "2026/12/03") on English ones. Undefined when it is not a real date.
 */
export function parseDateEntry(text: string, language: Language): CalendarDate | undefined {
  const value = text.trim();
  if (language === 'fr') {
    const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    return match ? realDate(Number(match[3]), Number(match[2]), Number(match[1])) : undefined;
  }
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value);
  return match ? realDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/** A calendar date as the field shows it: "03/12/2026" in French, "2026-12-03" in English. */
export function formatDateEntry(date: CalendarDate, language: Language): string {
  if (language === 'en') return date;
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The 24-hour time typed in a field, as "HH:mm": "14:30", "9:05", "14h30", "14h", "14.30", "1430",
 * "930" or "9". Undefined when it is not a time of day (24:00 and 9:75 are not).
 */
export function parseTimeEntry(text: string): string | undefined {
  const value = text.trim().toLowerCase();
  const match = /^(\d{1,2})(?:[:h.](\d{2})?)?$/.exec(value) ?? /^(\d{1,2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : undefined;
}

/** "HH:mm" moved by `minutes` (ArrowUp/ArrowDown in a time field), wrapping round midnight. */
export function shiftTime(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** What a person reads beside a field they filled wrongly, in the page's language. */
export const ENTRY_MESSAGES = {
  fr: {
    date: 'Saisissez une date réelle au format jj/mm/aaaa, par exemple 24/12/2026.',
    time: 'Saisissez une heure sur 24 h au format hh:mm, par exemple 14:30.',
    dateRequired: 'Indiquez une date.',
    timeRequired: 'Indiquez une heure.',
  },
  en: {
    date: 'Enter a real date as YYYY-MM-DD, for example 2026-12-24.',
    time: 'Enter a 24-hour time as HH:MM, for example 14:30.',
    dateRequired: 'Enter a date.',
    timeRequired: 'Enter a time.',
  },
} as const;
