import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { NOTIFICATION_KINDS } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt, ttl, updatedAt } from '../attributes.ts';

/**
 * The sent-marker of one email: (appointment, kind, occurrence, recipient). It is created on the
 * condition that it does not exist BEFORE the email is sent, so a repeated event or an
 * overlapping reminder run finds it and sends nothing; a failed send deletes it so a retry can.
 */
export const buildNotificationMarker = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'notificationMarker', version: '1', service: SERVICE },
    attributes: {
      appointmentId: { type: 'string', required: true, readOnly: true },
      kind: { type: NOTIFICATION_KINDS, required: true, readOnly: true },
      /** What makes this email distinct: the appointment version of an event, or the offset and start time of a reminder. */
      occurrence: { type: 'string', required: true, readOnly: true },
      recipientId: { type: 'string', required: true, readOnly: true },
      /** sending: claimed, the send is under way (or crashed: then it stays unsent, never sent twice). */
      status: { type: ['sending', 'sent'] as const, required: true, default: 'sending' },
      /** The claimer's token: only the run that created the marker may release it. */
      claim: { type: 'string', required: true },
      messageId: { type: 'string' },
      sentAt: { type: 'string' },
      createdAt,
      updatedAt,
      ttl,
    },
    indexes: {
      byAppointment: {
        pk: { field: 'pk', composite: ['appointmentId'], casing: 'none' },
        sk: { field: 'sk', composite: ['kind', 'occurrence', 'recipientId'], casing: 'none' },
      },
    },
  }, config);
export type NotificationMarker = ReturnType<typeof buildNotificationMarker>;
