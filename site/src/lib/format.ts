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
