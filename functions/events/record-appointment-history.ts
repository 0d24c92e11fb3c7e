import { recordChange } from '../../shared/appointments/record-history.ts';
import { appointmentChangedConsumer } from '../../shared/events/appointment-changed-consumer.ts';
import { logger } from '../../shared/logger.ts';
import { jobs } from '../jobs.ts';

export interface HistoryReport {
  recorded: boolean;
}

/**
 * The AppointmentChanged consumer that keeps each appointment's status history (functions/routes.ts
 * `jobs`): one entry per change, keyed by (appointment, occurredAt, version), so a redelivered
 * event writes nothing. A failed write fails the invocation and the event is delivered again.
 */
export const handler = appointmentChangedConsumer(jobs['record-appointment-history'], async (detail): Promise<HistoryReport | undefined> => {
  const outcome = await recordChange(detail);
  if (!outcome) {
    logger.error('ignored an AppointmentChanged without an appointment version', { appointmentId: detail.appointmentId });
    return undefined;
  }
  const { record, recorded } = outcome;
  logger.info('appointment history', { appointmentId: record.appointmentId, version: record.version, change: record.change, recorded });
  return { recorded };
});
