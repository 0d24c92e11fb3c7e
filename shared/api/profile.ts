import * as z from 'zod';
import { LOCALES, ROLES } from '../domain/vocabulary.ts';
import { phone, text, timezone } from './fields.ts';

export const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  phone: z.string().optional(),
  timezone: z.string(),
  locale: z.enum(LOCALES),
  role: z.enum(ROLES),
  emailNotifications: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type ProfileResponse = z.infer<typeof profileSchema>;

const personName = text(100).min(1, 'must not be empty');

/**
 * PUT /api/me: what a user may change in their own profile. null clears a name or the phone;
 * email and role are not here (Cognito owns them). Unknown fields are refused.
 */
export const updateProfileBody = z
  .strictObject({
    firstName: personName.nullable().optional(),
    lastName: personName.nullable().optional(),
    phone: phone.nullable().optional(),
    /** An admin's weekly slots and exceptions are interpreted in it: they move with it (same request). */
    timezone: timezone.optional(),
    locale: z.enum(LOCALES).optional(),
    /** false: no notification or reminder email is sent to this user. */
    emailNotifications: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'must change at least one field');

export type UpdateProfileBody = z.output<typeof updateProfileBody>;
