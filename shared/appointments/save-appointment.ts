import { commitAppointment, type ChangeNotice, type PrefetchedSchedule } from '../db/appointment-transaction.ts';
import type { AppointmentItem } from '../db/appointments.ts';
import { deliverChange } from '../events/publisher.ts';

/**
 * Every appointment change a person makes goes through here: ONE transaction (appointment,
 * schedule holds, statistics, invoice link, and the AppointmentChanged event in the outbox), then
 * the event is published. If the bus refuses it, the relay job publishes it from the outbox.
 * `after` undefined deletes.
 */
export async function saveAppointment(
  before: AppointmentItem | undefined,
  after: AppointmentItem | undefined,
  notice: ChangeNotice,
  prefetched?: PrefetchedSchedule,
): Promise<AppointmentItem | undefined> {
  const { saved, event } = await commitAppointment(before, after, { notice, prefetched });
  if (event) await deliverChange(event);
  return saved;
}
