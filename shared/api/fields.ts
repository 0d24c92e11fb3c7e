import * as z from 'zod';
import { isIanaTimeZone } from '../config.ts';
import { isPhoneNumber } from '../domain/phone.ts';

/** Building blocks of the request schemas: one definition of each kind of field. */

/** An ISO 8601 instant with an offset ("…Z" or "…+02:00"); normalised to UTC. */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone offset, e.g. 2026-01-20T10:00:00Z' })
  .transform((value) => new Date(value).toISOString());

/** A date-time, or a bare date meaning its UTC midnight (query filters). */
export const instantOrDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString());

export const timezone = z.string().max(64).refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Paris');

/** Only http(s) links: a meeting link must never become javascript: in someone's browser. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const title = z.string().trim().min(1, 'must not be empty').max(200);
export const text = (max: number) => z.string().trim().max(max);
export const email = z.email().max(254).transform((value) => value.toLowerCase());
/** A phone number, or empty (no phone). */
export const phone = z
  .string()
  .trim()
  .max(40)
  .refine((value) => value === '' || isPhoneNumber(value), 'must be a phone number (digits, spaces and + ( ) - . only)');
export const cents = z.number().int().min(0).max(100_000_000);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const id = z.uuid('must be a UUID');
export const limit = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);
export const cursor = z.string().max(2048).optional();
