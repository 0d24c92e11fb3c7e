import type { AppointmentChangedDetail } from '../events/appointment-changed.ts';
import { db } from './service.ts';

/** The outbox key and content of an event (shared/db/entities/outbox.ts). */
export function pendingEventOf(detail: AppointmentChangedDetail) {
  const subject = (detail.after ?? detail.before) as { version?: number } | null;
  return {
    occurredAt: detail.occurredAt,
    appointmentId: detail.appointmentId,
    version: subject?.version ?? 0,
    detail: JSON.stringify(detail),
  };
}

/** The bus accepted the event: it leaves the outbox. Deleting an already relayed one is a no-op. */
export async function removePendingEvent(detail: AppointmentChangedDetail): Promise<void> {
  const { occurredAt, appointmentId, version } = pendingEventOf(detail);
  await db().entities.pendingEvent.delete({ occurredAt, appointmentId, version }).go();
}

/** Events still in the outbox that occurred before `before` (ISO), oldest first: one Query per MB. */
export async function pendingEventsBefore(before: string): Promise<AppointmentChangedDetail[]> {
  const { data } = await db().entities.pendingEvent.query.byTime({}).lt({ occurredAt: before }).go({ pages: 'all' });
  return data.map((item) => JSON.parse(item.detail) as AppointmentChangedDetail);
}
