import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SERVICE, createdAt, requiredInstant, ttl } from '../attributes.ts';

/**
 * A visitor's hold on a product slot (POST /api/public/bookings) until they confirm their e-mail
 * address, for PUBLIC_HOLD_MINUTES. Its id is the id of the appointment it becomes. It holds the
 * assigned admin's time in the schedule days like a booking (race-free), and is in the
 * `availability` collection so that availability reads the holds with the slots, in the same
 * Query: no personal data here (that stays on its confirmation token), only the time it takes.
 */
export const buildPublicHold = (config: EntityConfiguration) =>
  new Entity({
  model: { entity: 'publicHold', version: '1', service: SERVICE },
  attributes: {
    id: { type: 'string', required: true, readOnly: true },
    productId: { type: 'string', required: true },
    assignedAdminId: { type: 'string', required: true },
    startTime: requiredInstant,
    endTime: requiredInstant,
    adminCapacity: { type: 'number', required: true },
    bufferBefore: { type: 'number' },
    bufferAfter: { type: 'number' },
    /** ISO instant: the hold counts against capacity until then. */
    expiresAt: { type: 'string', required: true },
    createdAt,
    ttl,
  },
  indexes: {
    byId: {
      pk: { field: 'pk', composite: ['id'], casing: 'none' },
      sk: { field: 'sk', composite: [] },
    },
    all: {
      index: 'gsi1',
      collection: 'availability',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['id'], casing: 'none' },
    },
  },
}, config);
export type PublicHold = ReturnType<typeof buildPublicHold>;

/**
 * A link's secret, stored as its SHA-256 only: `confirm` (the e-mail that confirms a public
 * booking: it carries the visitor's details until then) or `manage` (a page where the booking's
 * client sees, moves, cancels or pays it). Bound to one hold / appointment; kept until a day after
 * the appointment ends.
 */
export const buildBookingToken = (config: EntityConfiguration) =>
  new Entity({
  model: { entity: 'bookingToken', version: '1', service: SERVICE },
  attributes: {
    tokenHash: { type: 'string', required: true, readOnly: true },
    purpose: { type: ['confirm', 'manage'] as const, required: true, readOnly: true },
    /** The hold's id for `confirm` (the appointment's once confirmed: the same id), the appointment's for `manage`. */
    appointmentId: { type: 'string', required: true, readOnly: true },
    /** `confirm`: the booking the visitor asked for, until it is confirmed. */
    visitor: {
      type: 'map',
      properties: {
        name: { type: 'string', required: true },
        email: { type: 'string', required: true },
        phone: { type: 'string' },
        note: { type: 'string' },
        locale: { type: ['fr', 'en'] as const, required: true },
        timezone: { type: 'string', required: true },
      },
    },
    /** `confirm`: when the hold it confirms lapses (ISO). */
    expiresAt: { type: 'string' },
    /** `confirm`: set once confirmed, so a second use answers the same appointment. */
    confirmedAt: { type: 'string' },
    createdAt,
    ttl,
  },
  indexes: {
    byHash: {
      pk: { field: 'pk', composite: ['tokenHash'], casing: 'none' },
      sk: { field: 'sk', composite: [] },
    },
  },
}, config);
export type BookingToken = ReturnType<typeof buildBookingToken>;

/**
 * How many unconfirmed holds one e-mail address or one client address asked for in one UTC hour
 * (`key` is a SHA-256 of either, never the address itself), counted in the hold's transaction so
 * that parallel requests cannot pass the limit together.
 */
export const buildPublicHoldQuota = (config: EntityConfiguration) =>
  new Entity({
  model: { entity: 'publicHoldQuota', version: '1', service: SERVICE },
  attributes: {
    key: { type: 'string', required: true, readOnly: true },
    /** YYYY-MM-DDTHH (UTC). */
    hour: { type: 'string', required: true, readOnly: true },
    count: { type: 'number', required: true, default: 0 },
    ttl,
  },
  indexes: {
    byKey: {
      pk: { field: 'pk', composite: ['key'], casing: 'none' },
      sk: { field: 'sk', composite: ['hour'], casing: 'none' },
    },
  },
}, config);
export type PublicHoldQuota = ReturnType<typeof buildPublicHoldQuota>;
