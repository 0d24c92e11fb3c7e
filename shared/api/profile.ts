import * as z from 'zod';
import { LOCALES, ROLES } from '../domain/vocabulary.ts';

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
