import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { HISTORY_CHANGES } from '../../domain/appointments/history.ts';
import { APPOINTMENT_STATUSES } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt } from '../attributes.ts';

/**
 * One change of an appointment (shared/domain/appointments/history.ts), written by the
 * `record-appointment-history` job from its AppointmentChanged event. Keyed by the event's
 * occurredAt and the appointment version, and created on the condition that it does not exist:
 * a redelivered event finds its entry and writes nothing. Field names only, never values, so
 * the history holds nothing personal beyond the actor's id.
 */
export const buildAppointmentHistory = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'appointmentHistory', version: '1', service: SERVICE },
    attributes: {
      appointmentId: { type: 'string', required: true, readOnly: true },
      occurredAt: { type: 'string', required: true, readOnly: true },
      version: { type: 'number', required: true, readOnly: true },
      change: { type: HISTORY_CHANGES, required: true, readOnly: true },
      /** A user id, or "system". */
      actorId: { type: 'string', required: true, readOnly: true },
      statusBefore: { type: APPOINTMENT_STATUSES, readOnly: true },
      statusAfter: { type: APPOINTMENT_STATUSES, readOnly: true },
      changedFields: { type: 'list', items: { type: 'string' }, required: true, readOnly: true },
      createdAt,
    },
    indexes: {
      /** An appointment's history, oldest first (shares the partition with its notification markers; the sort-key prefix keeps them apart). */
      byAppointment: {
        pk: { field: 'pk', composite: ['appointmentId'], casing: 'none' },
        sk: { field: 'sk', composite: ['occurredAt', 'version'], casing: 'none' },
      },
    },
  }, config);
export type AppointmentHistory = ReturnType<typeof buildAppointmentHistory>;
