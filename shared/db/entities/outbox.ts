import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SERVICE } from '../attributes.ts';

/**
 * An AppointmentChanged event not yet handed to the bus: the transactional outbox. It is written
 * in the SAME transaction as the appointment change it describes, so a committed change always has
 * its event; the writer deletes it once the bus accepted the event, and the
 * `relay-appointment-events` job publishes whatever is left (the bus was down, the function
 * stopped). One partition: items live for the milliseconds between commit and publish, so it stays
 * tiny and the relay reads it with one Query.
 */
export const buildPendingEvent = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'pendingEvent', version: '1', service: SERVICE },
    attributes: {
      occurredAt: { type: 'string', required: true, readOnly: true },
      appointmentId: { type: 'string', required: true, readOnly: true },
      /** The appointment version the change produced (a deletion: the version it removed). */
      version: { type: 'number', required: true, readOnly: true },
      /** The event's detail as JSON (before/after snapshots of the appointment). */
      detail: { type: 'string', required: true, readOnly: true },
    },
    indexes: {
      /** Oldest first: the relay publishes in the order the changes were made. */
      byTime: {
        pk: { field: 'pk', composite: [], casing: 'none' },
        sk: { field: 'sk', composite: ['occurredAt', 'appointmentId', 'version'], casing: 'none' },
      },
    },
  }, config);
export type PendingEvent = ReturnType<typeof buildPendingEvent>;
