import { recordHistory } from '../../shared/db/history.ts';
import { historyRecordOf } from '../../shared/domain/appointments/history.ts';
import { appointmentChangedConsumer } from '../../shared/events/appointment-changed-consumer.ts';
import { logger } from '../../shared/logger.ts';

export interface HistoryReport {
  recorded: boolean;
}

/**
 * The AppointmentChanged consumer that keeps each appointment's status history (functions/routes.ts
 * `jobs`): one entry per change, keyed by (appointment, occurredAt, version), so a redelivered
 * event writes nothing. A failed write fails the invocation and the event is delivered again.
 */
export const handler = appointmentChangedConsumer(async (detail): Promise<HistoryReport | undefined> => {
  const record = historyRecordOf(detail);
  if (!record) {
    logger.error('ignored an AppointmentChanged without an appointment version', { appointmentId: detail.appointmentId });
    return undefined;
  }
  const recorded = await recordHistory(record);
  logger.info('appointment history', { appointmentId: record.appointmentId, version: record.version, change: record.change, recorded });
  return { recorded };
});
