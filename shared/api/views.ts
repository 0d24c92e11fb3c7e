import * as z from 'zod/mini';
import { CALENDAR_PROVIDERS, CONNECTION_STATUSES, SUPPORT_CATEGORIES } from '../domain/vocabulary.ts';

/**
 * What the API answers, as zod objects: each is the allow-list of its view (only the fields it
 * names leave the API; an attribute added to an entity stays private until it is added here) and
 * the `response` of its routes in the manifest, so OpenAPI documents what is sent.
 */

/** The fields of `item` that `schema` names (undefined ones left out, as JSON would). */
export function pickFields<S extends z.ZodMiniObject>(schema: S, item: object): z.output<S> {
  const view: Record<string, unknown> = {};
  const source = item as Record<string, unknown>;
  for (const field of Object.keys(schema.shape)) if (source[field] !== undefined) view[field] = source[field];
  return view as z.output<S>;
}

const text = z.string();
const optionalText = z.optional(z.string());
const instant = z.string().check(z.describe('UTC instant'));

/** A calendar connection as its owner sees it: never a token, a cursor or a channel. */
export const connectionView = z.object({
  id: text,
  userId: text,
  provider: z.enum(CALENDAR_PROVIDERS),
  email: text,
  calendarId: text,
  isActive: z.boolean(),
  status: z.enum(CONNECTION_STATUSES),
  lastError: optionalText,
  lastSyncAt: optionalText,
  createdAt: instant,
  updatedAt: instant,
});

/** A product as admins manage it. */
export const productView = z.object({
  id: text,
  name: text,
  description: optionalText,
  durationMinutes: z.number().check(z.int()),
  price: z.number().check(z.int(), z.describe('cents')),
  currency: text,
  active: z.boolean(),
  slug: optionalText.check(z.describe('its public link: /book/<slug>/')),
  isPublic: z.boolean().check(z.describe('offered to visitors without an account')),
  requiresConfirmation: z.boolean().check(z.describe('a public booking waits for the team (pending) instead of being confirmed at once')),
  createdAt: instant,
  updatedAt: instant,
});

/** A product as a booking page shows it (the active ones only). */
export const bookableProductView = z.pick(productView, { id: true, name: true, description: true, durationMinutes: true, price: true, currency: true });

/** A product as the public booking pages show it (active and public ones only). */
export const publicProductView = z.pick(productView, { id: true, name: true, description: true, durationMinutes: true, price: true, currency: true, slug: true, requiresConfirmation: true });

/** One of an admin's weekly slots (wall-clock times in its time zone). */
export const slotView = z.object({
  id: text,
  userId: text,
  productId: optionalText,
  dayOfWeek: z.number().check(z.int(), z.describe('0 = Sunday')),
  startTime: text.check(z.describe('HH:mm')),
  endTime: text.check(z.describe('HH:mm')),
  duration: z.number().check(z.int(), z.describe('minutes per bookable slot')),
  bufferBefore: z.number().check(z.int()),
  bufferAfter: z.number().check(z.int()),
  maxAppointments: z.number().check(z.int()),
  isActive: z.boolean(),
  timezone: text,
  createdAt: instant,
  updatedAt: instant,
});

/** One of an admin's exceptions: a date blocked (whole or startTime–endTime) or with an extra window. */
export const exceptionView = z.object({
  id: text,
  userId: text,
  date: text.check(z.describe('YYYY-MM-DD')),
  isAvailable: z.boolean(),
  startTime: optionalText,
  endTime: optionalText,
  reason: optionalText,
  timezone: text,
  createdAt: instant,
  updatedAt: instant,
});

/** A support ticket as the support team reads it. */
export const ticketView = z.object({
  id: text,
  userId: text,
  email: text,
  category: z.enum(SUPPORT_CATEGORIES),
  subject: text,
  message: text,
  status: z.enum(['open', 'closed']),
  createdAt: instant,
});

export const deletedView = z.object({ id: text, deleted: z.literal(true) });

/** A bookable slot (GET /api/availability). */
const bookableSlot = z.object({ startTime: instant, endTime: instant, adminId: text, remaining: z.number().check(z.int(), z.describe('places left in this slot')) });

export const availabilityView = z.object({
  from: instant,
  to: instant,
  timezone: text,
  slots: z.array(bookableSlot),
  days: z.array(z.object({ date: text.check(z.describe('YYYY-MM-DD in `timezone`')), slots: z.array(bookableSlot) })),
});

/** One entry of an appointment's status history, as its viewer may see it. */
export const historyEntryView = z.object({
  occurredAt: instant,
  version: z.number().check(z.int()),
  change: z.enum(['created', 'updated', 'deleted']),
  event: z.enum(['created', 'confirmed', 'cancelled', 'completed', 'no_show', 'reopened', 'rescheduled', 'paid', 'edited', 'deleted']),
  statusBefore: optionalText,
  statusAfter: optionalText,
  changedFields: z.array(text),
  actor: z.object({ kind: z.enum(['you', 'team', 'system', 'admin', 'client']), id: optionalText, label: text }),
  inferred: z.optional(z.literal(true)),
});

/** A client found by the admin request dialog's lookup. */
export const clientLookupView = z.object({ id: text, email: text, firstName: optionalText, lastName: optionalText, role: z.literal('client'), timezone: text });

/** An admin an appointment can be assigned to. */
export const assignableAdminView = z.object({ id: text, name: text, email: text });
