import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SERVICE, ttl, version } from '../attributes.ts';

/**
 * One participant's holds on one UTC day. Every booking write puts the records it changes on the
 * condition that their version is still the one it read, in the same transaction as the
 * appointment: two overlapping bookings cannot both commit.
 */
export const buildScheduleDay = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'scheduleDay', version: '1', service: SERVICE },
    attributes: {
      ownerId: { type: 'string', required: true, readOnly: true },
      /** YYYY-MM-DD (UTC). */
      day: { type: 'string', required: true, readOnly: true },
      holds: {
        type: 'list',
        required: true,
        items: {
          type: 'map',
          properties: {
            appointmentId: { type: 'string', required: true },
            start: { type: 'string', required: true },
            end: { type: 'string', required: true },
            capacity: { type: 'number', required: true },
            /** Minutes the assigned admin keeps free around it (a slot booking's buffers). */
            bufferBefore: { type: 'number' },
            bufferAfter: { type: 'number' },
            /** A visitor's unconfirmed hold (public booking): it stops counting then (ISO). */
            expiresAt: { type: 'string' },
          },
        },
      },
      version,
      ttl,
    },
    indexes: {
      byOwnerDay: {
        pk: { field: 'pk', composite: ['ownerId'], casing: 'none' },
        sk: { field: 'sk', composite: ['day'], casing: 'none' },
      },
    },
  }, config);
export type ScheduleDay = ReturnType<typeof buildScheduleDay>;

/** The seed's monthly statistics as counters, changed in the same transaction as each appointment. */
export const buildMonthStats = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'monthStats', version: '1', service: SERVICE },
    attributes: {
      /** YYYY-MM in the business's time zone (DEFAULT_TIMEZONE). */
      month: { type: 'string', required: true, readOnly: true },
      total: { type: 'number' },
      pending: { type: 'number' },
      confirmed: { type: 'number' },
      completed: { type: 'number' },
      cancelled: { type: 'number' },
      noShow: { type: 'number' },
      paidAppointments: { type: 'number' },
      unpaidAppointments: { type: 'number' },
      totalRevenue: { type: 'number' },
      unpaidAmount: { type: 'number' },
    },
    indexes: {
      byMonth: {
        pk: { field: 'pk', composite: ['month'] },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type MonthStats = ReturnType<typeof buildMonthStats>;
