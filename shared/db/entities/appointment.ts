import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt, instant, requiredInstant, updatedAt, version } from '../attributes.ts';

/** An appointment: every field of the seed's `appointments` table, plus bookkeeping. */
export const buildAppointment = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'appointment', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      /** The client who owns the appointment. */
      userId: { type: 'string', required: true },
      productId: { type: 'string' },
      assignedAdminId: { type: 'string' },
      title: { type: 'string', required: true },
      description: { type: 'string' },
      location: { type: 'string' },
      meetingUrl: { type: 'string' },
      /** ISO 8601 instants, stored in UTC `Z` form whatever the writer passed (range keys sort by them). */
      startTime: requiredInstant,
      endTime: requiredInstant,
      /**
       * A pending request's proposed times (2–5, its startTime/endTime among them), each holding the
       * client's and the admin's time until the client picks one; dropped once it is settled.
       */
      proposedTimes: {
        type: 'list',
        items: {
          type: 'map',
          properties: {
            startTime: requiredInstant,
            endTime: requiredInstant,
          },
        },
      },
      timezone: { type: 'string', required: true, default: 'Europe/Paris' },
      status: { type: APPOINTMENT_STATUSES, required: true, default: 'pending' },
      type: { type: APPOINTMENT_TYPES, required: true, default: 'free' },
      /** Cents. */
      price: { type: 'number', required: true, default: 0 },
      currency: { type: 'string', required: true, default: 'EUR' },
      isPaid: { type: 'boolean', required: true, default: false },
      lagoInvoiceId: { type: 'string' },
      /** The invoice's number as Lago gives it (what the client reads on the invoice), beside its id. */
      invoiceNumber: { type: 'string' },
      /** Lago's `updated_at` of the invoice when its payment status was last applied: older webhooks are ignored. */
      paymentUpdatedAt: { type: 'string' },
      googleEventId: { type: 'string' },
      microsoftEventId: { type: 'string' },
      attendeeEmail: { type: 'string' },
      attendeeName: { type: 'string' },
      attendeePhone: { type: 'string' },
      /** Internal notes: admins only, never returned to clients. */
      notes: { type: 'string' },
      /** The client's note for the admin (kept apart from the internal notes). */
      clientNote: { type: 'string' },
      cancellationReason: { type: 'string' },
      /** Lower-cased title, attendee name and email, description: what the admin search matches. */
      searchText: { type: 'string' },
      /** Capacity the assigned admin's slot allowed when it was booked (maxAppointments). */
      adminCapacity: { type: 'number', required: true, default: 1 },
      /**
       * Minutes the assigned admin keeps free before and after it: the buffers of the window it was
       * booked on (absent without a slot). Part of the race-free check (schedule days) and of
       * availability.
       */
      bufferBefore: { type: 'number' },
      bufferAfter: { type: 'number' },
      syncToCalendar: { type: 'boolean', required: true, default: true },
      /**
       * A change made to this appointment's event in a connected calendar (moved or deleted there),
       * recorded by the sync for admins to act on; it never changes the appointment itself. It
       * concerns the version it was seen at: once the appointment changes again, it is outdated.
       */
      externalChange: {
        type: 'map',
        properties: {
          kind: { type: ['moved', 'deleted'] as const, required: true },
          provider: { type: 'string', required: true },
          email: { type: 'string', required: true },
          startTime: instant,
          endTime: instant,
          detectedAt: { type: 'string', required: true },
          atVersion: { type: 'number', required: true },
        },
      },
      createdBy: { type: 'string', required: true, readOnly: true },
      /** Who asked for the pending time when it is not who created it (a client who moved the team's proposal): see `awaiting`. */
      requestedBy: { type: 'string' },
      createdAt,
      updatedAt,
      version,
    },
    indexes: {
      byId: {
        pk: { field: 'pk', composite: ['id'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
      /** A client's appointments by start time. */
      byOwner: {
        index: 'gsi1',
        pk: { field: 'gsi1pk', composite: ['userId'], casing: 'none' },
        sk: { field: 'gsi1sk', composite: ['startTime'], casing: 'none' },
      },
      /** Every appointment by start time (admin list, month stats, availability, reminders). */
      byTime: {
        index: 'gsi2',
        pk: { field: 'gsi2pk', composite: [] },
        sk: { field: 'gsi2sk', composite: ['startTime'], casing: 'none' },
      },
      /** An admin's assigned appointments by start time; unassigned requests share the empty-id partition. */
      byAdmin: {
        index: 'gsi3',
        pk: { field: 'gsi3pk', composite: ['assignedAdminId'], casing: 'none' },
        sk: { field: 'gsi3sk', composite: ['startTime'], casing: 'none' },
      },
    },
  }, config);
export type Appointment = ReturnType<typeof buildAppointment>;
