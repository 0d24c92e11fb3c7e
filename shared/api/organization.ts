import * as z from 'zod/mini';
import { ACCOUNT_CHANGES, ROLES } from '../domain/vocabulary.ts';
import { cursor, email, id, limit, text } from './fields.ts';

/** The Organization page (/admin/users): every account, invitations, roles and access. */

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;

export const organizationQuery = z.object({
  /** Part of a name or an e-mail; case and accents do not matter. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  role: z.optional(z.enum(ROLES, { error: 'must be client or admin' })),
  status: z.optional(z.enum(ACCOUNT_STATUSES, { error: 'must be active or disabled' })),
  cursor,
  limit: limit(25),
});

export const userIdParams = z.object({ id });

export const inviteBody = z.strictObject({
    email,
    firstName: z.optional(text(100)),
    lastName: z.optional(text(100)),
    role: z.enum(ROLES, { error: 'must be client or admin' }),
  });

export const roleBody = z.strictObject({ role: z.enum(ROLES, { error: 'must be client or admin' }) });
export const enabledBody = z.strictObject({ enabled: z.boolean({ error: 'must be true or false' }) });

/** One account as the Organization list shows it. */
export const organizationUserView = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  role: z.enum(ROLES),
  status: z.enum(ACCOUNT_STATUSES),
  createdAt: z.string(),
  /** Start of their latest appointment that has begun (as client), if any. */
  lastAppointmentAt: z.optional(z.string()),
});

export const accountChangeView = z.object({ at: z.string(), action: z.enum(ACCOUNT_CHANGES), byId: z.string(), byName: z.string() });

/** One account with what admins changed on it and how many appointments of theirs are to come. */
export const organizationUserDetailView = z.extend(organizationUserView, {
  phone: z.optional(z.string()),
  timezone: z.string(),
  accountChanges: z.array(accountChangeView),
  upcomingAppointments: z.number().check(z.int()),
});

export type OrganizationQuery = z.infer<typeof organizationQuery>;
export type InviteBody = z.infer<typeof inviteBody>;
