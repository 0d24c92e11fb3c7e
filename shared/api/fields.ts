import * as z from 'zod/mini';
import { isIanaTimeZone } from '../config.ts';
import { isPhoneNumber } from '../domain/phone.ts';

/** Building blocks of the request schemas: one definition of each kind of field. */

/** An ISO 8601 instant with an offset ("…Z" or "…+02:00"); normalised to UTC. */
export const instant = z.pipe(z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone offset, e.g. 2026-01-20T10:00:00Z' }), z.transform((value) => new Date(value).toISOString()));

/** A date-time, or a bare date meaning its UTC midnight (query filters). */
export const instantOrDate = z.pipe(z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' }), z.transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString()));

export const timezone = z.string().check(z.maxLength(64), z.refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Paris'));

/** Only http(s) links: a meeting link must never become javascript: in someone's browser. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).check(z.maxLength(2000));

export const title = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200));
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
export const email = z.pipe(z.email().check(z.maxLength(254)), z.transform((value) => value.toLowerCase()));
/** A phone number, or empty (no phone). */
export const phone = z
  .string().check(z.trim(), z.maxLength(40), z.refine((value) => value === '' || isPhoneNumber(value), 'must be a phone number (digits, spaces and + ( ) - . only)'));
export const cents = z.number().check(z.int(), z.gte(0), z.lte(100_000_000));
export const currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));
export const id = z.uuid('must be a UUID');
export const limit = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), fallback);
export const cursor = z.optional(z.string().check(z.maxLength(2048)));
