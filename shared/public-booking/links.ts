import { createHash, randomBytes } from 'node:crypto';
import { config } from '../config.ts';
import { putBookingToken } from '../db/public-holds.ts';
import type { Locale } from '../domain/vocabulary.ts';

/**
 * The links of public booking: a random secret in the address, only its SHA-256 in the table.
 * Kept apart from the use cases so the e-mail jobs carry only this to give a guest their link.
 */

const DAY_MS = 86_400_000;

/** A booking's links serve it until a day after it ends (then the page says the booking is over, and the record lapses). */
export const linksLapseAt = (endTime: string) => Date.parse(endTime) + DAY_MS;

/** A link's secret: 32 random bytes, URL-safe; only its SHA-256 is stored or compared. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The page opens in the e-mail's language: French unless told (site/src/lib/public-booking.ts reads `lang`). */
const siteLink = (pathname: string, token: string, locale?: Locale) => {
  const url = new URL(pathname, config().SITE_URL);
  url.searchParams.set('token', token);
  if (locale && locale !== 'fr') url.searchParams.set('lang', locale);
  return url.toString();
};
export const confirmLink = (token: string, locale?: Locale) => siteLink('/book/confirm/', token, locale);
export const manageLink = (token: string, locale?: Locale) => siteLink('/book/manage/', token, locale);

/** A new manage link's secret for the appointment, valid until a day after it ends (and at least the booking horizon). */
export async function issueManageLink(appointment: { id: string; endTime: string }, now: string): Promise<string> {
  const { token, tokenHash } = newToken();
  const until = Math.max(linksLapseAt(appointment.endTime), Date.parse(now) + (config().BOOKING_HORIZON_DAYS + 1) * DAY_MS);
  await putBookingToken({ tokenHash, purpose: 'manage', appointmentId: appointment.id, createdAt: now, ttl: Math.floor(until / 1000) });
  return token;
}
