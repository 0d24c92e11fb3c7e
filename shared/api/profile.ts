import * as z from 'zod/mini';
import { LOCALES, ROLES } from '../domain/vocabulary.ts';
import { phone, text, timezone } from './fields.ts';

export const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  phone: z.optional(z.string()),
  timezone: z.string(),
  locale: z.enum(LOCALES),
  role: z.enum(ROLES),
  emailNotifications: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type ProfileResponse = z.infer<typeof profileSchema>;

const personName = text(100).check(z.minLength(1, 'must not be empty'));

/**
 * PUT /api/me: what a user may change in their own profile. null clears a name or the phone;
 * email and role are not here (Cognito owns them). Unknown fields are refused.
 */
export const updateProfileBody = z
  .strictObject({
    firstName: z.optional(z.nullable(personName)),
    lastName: z.optional(z.nullable(personName)),
    phone: z.optional(z.nullable(phone)),
    /** An admin's weekly slots and exceptions are interpreted in it: they move with it (same request). */
    timezone: z.optional(timezone),
    locale: z.optional(z.enum(LOCALES)),
    /** false: no notification or reminder email is sent to this user. */
    emailNotifications: z.optional(z.boolean()),
  }).check(z.refine((body) => Object.values(body).some((value) => value !== undefined), 'must change at least one field'));

export type UpdateProfileBody = z.output<typeof updateProfileBody>;
