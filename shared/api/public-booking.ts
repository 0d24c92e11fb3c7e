import * as z from 'zod/mini';
import { LOCALES } from '../domain/vocabulary.ts';
import { checkTimes } from './appointments.ts';
import { email, id, instant, phone, text, timezone } from './fields.ts';

/**
 * Public booking (no account): a visitor holds a product slot, confirms it from the e-mail, and
 * manages it with the link of its e-mails. Every token is a random string that is only ever
 * compared by its SHA-256.
 */

/** A link's secret: 43 URL-safe characters (32 random bytes). */
export const bookingToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be the link from your e-mail'));

export const publicBookingBody = z
  .strictObject({
    productId: id,
    startTime: instant,
    /** The product decides the end; when sent it must be the slot's. */
    endTime: z.optional(instant),
    timezone,
    name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(120)),
    email,
    phone: z.optional(phone),
    note: z.optional(text(2000)),
    locale: z._default(z.enum(LOCALES), 'fr'),
    /** Left empty by people (the field is hidden); a form filler that types into it is a robot. */
    website: z.optional(z.string().check(z.maxLength(500))),
  })
  .check(z.superRefine(checkTimes));
export type PublicBookingBody = z.output<typeof publicBookingBody>;

export const confirmBookingBody = z.strictObject({ token: bookingToken });

export const manageBookingQuery = z.object({ token: bookingToken });

export const manageBookingBody = z.discriminatedUnion('action', [
  z.strictObject({ token: bookingToken, action: z.literal('cancel'), reason: z.optional(text(1000)) }),
  z.strictObject({ token: bookingToken, action: z.literal('reschedule'), startTime: instant, endTime: z.optional(instant) }),
  z.strictObject({ token: bookingToken, action: z.literal('pay') }),
]);
export type ManageBookingBody = z.output<typeof manageBookingBody>;

export const heldBookingView = z.object({
  status: z.literal('held'),
  expiresAt: z.string().check(z.describe('the slot is kept until then while the visitor confirms their e-mail address')),
});
