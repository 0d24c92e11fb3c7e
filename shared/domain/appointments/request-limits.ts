/**
 * The bounds on what a client may ask of the team (issue 19): a free-form request obeys the same
 * minimum notice and booking horizon as a product booking (a request in year 9999 is not a
 * request), and a client has at most a few requests waiting for the team at once (each one
 * e-mails every admin). Admins are exempt: they schedule on the team's own behalf. Pure.
 */

export interface BookingWindow {
  minimumNoticeMinutes: number;
  horizonDays: number;
}

const MINUTE_MS = 60_000;

const duration = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}` : `${minutes} minutes`);

/** Why a client may not ask for this start (a field message for body.startTime), or undefined. */
export function outsideBookingWindow(startTime: string, now: string, window: BookingWindow): string | undefined {
  const start = Date.parse(startTime);
  const at = Date.parse(now);
  if (start < at + window.minimumNoticeMinutes * MINUTE_MS) return `must be at least ${duration(window.minimumNoticeMinutes)} from now`;
  if (start > at + window.horizonDays * 1440 * MINUTE_MS) return `must be within ${window.horizonDays} days from now`;
  return undefined;
}

/** The refusal of one request too many (429). */
export function tooManyOpenRequests(max: number): string {
  return `You already have ${max} requests waiting for the team: wait for an answer, or cancel one, before asking for another`;
}
