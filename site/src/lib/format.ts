/** Dates and amounts for people: in the viewer's zone, with the appointment's own zone when it differs. */

export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function formatDay(iso: string, locale = 'fr-FR', timeZone = viewerZone()): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, locale = 'fr-FR', timeZone = viewerZone()): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

export function formatRange(start: string, end: string, locale = 'fr-FR', timeZone = viewerZone()): string {
  return `${formatTime(start, locale, timeZone)} - ${formatTime(end, locale, timeZone)}`;
}

/** "10:00 - 11:00 (16:00 - 17:00 Asia/Tokyo)" when the appointment's zone is not the viewer's. */
export function formatRangeWithZone(start: string, end: string, zone: string, locale = 'fr-FR'): string {
  const local = formatRange(start, end, locale);
  if (zone === viewerZone()) return local;
  return `${local} (${formatRange(start, end, locale, zone)} ${zone})`;
}

/** YYYY-MM-DD of an instant in the viewer's zone, for grouping. */
export function dayKey(iso: string, timeZone = viewerZone()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(iso));
}

export function formatMoney(cents: number, currency: string, locale = 'fr-FR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** The value of an <input type="datetime-local"> for an instant, in the viewer's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "12 mars 2025, 10:04" in the viewer's zone. */
export function formatDateTime(iso: string, locale = 'fr-FR', timeZone = viewerZone()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** "il y a 5 minutes", "hier", "maintenant": an instant relative to now. */
export function formatRelative(iso: string, locale = 'fr-FR', now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number, number]> = [
    // unit, seconds per unit, used below this many seconds
    ['second', 1, 45],
    ['minute', 60, 45 * 60],
    ['hour', 3600, 22 * 3600],
    ['day', 86_400, 26 * 86_400],
    ['month', 30 * 86_400, 320 * 86_400],
    ['year', 365 * 86_400, Infinity],
  ];
  const [unit, size] = steps.find(([, , below]) => Math.abs(seconds) < below)!;
  return unit === 'second' ? format.format(0, 'second') : format.format(Math.round(seconds / size), unit);
}
