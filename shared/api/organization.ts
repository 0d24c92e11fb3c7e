import * as z from 'zod';
import { ACCOUNT_CHANGES, ROLES } from '../domain/vocabulary.ts';
import { cursor, email, id, limit, text } from './fields.ts';

/** The Organization page (/admin/users): every account, invitations, roles and access. */

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;

export const organizationQuery = z.object({
  /** Part of a name or an e-mail; case and accents do not matter. */
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES, { error: 'must be client or admin' }).optional(),
  status: z.enum(ACCOUNT_STATUSES, { error: 'must be active or disabled' }).optional(),
  cursor,
  limit: limit(25),
});

export const userIdParams = z.object({ id });

export const inviteBody = z
  .object({
    email,
    firstName: text(100).optional(),
    lastName: text(100).optional(),
    role: z.enum(ROLES, { error: 'must be client or admin' }),
  })
  .strict();

export const roleBody = z.object({ role: z.enum(ROLES, { error: 'must be client or admin' }) }).strict();
export const enabledBody = z.object({ enabled: z.boolean({ error: 'must be true or false' }) }).strict();

/** One account as the Organization list shows it. */
export const organizationUserView = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  role: z.enum(ROLES),
  status: z.enum(ACCOUNT_STATUSES),
  createdAt: z.string(),
  /** Start of their latest appointment that has begun (as client), if any. */
  lastAppointmentAt: z.string().optional(),
});

export const accountChangeView = z.object({ at: z.string(), action: z.enum(ACCOUNT_CHANGES), byId: z.string(), byName: z.string() });

/** One account with what admins changed on it and how many appointments of theirs are to come. */
export const organizationUserDetailView = organizationUserView.extend({
  phone: z.string().optional(),
  timezone: z.string(),
  accountChanges: z.array(accountChangeView),
  upcomingAppointments: z.number().int(),
});

export type OrganizationQuery = z.infer<typeof organizationQuery>;
export type InviteBody = z.infer<typeof inviteBody>;
