import { appointmentChangedConsumer } from '../../shared/events/appointment-changed-consumer.ts';
import { logger } from '../../shared/logger.ts';
import { notifyAppointmentChanged } from '../../shared/notify/notify-change.ts';
import { jobs } from '../jobs.ts';

/**
 * The AppointmentChanged consumer that sends the emails (functions/routes.ts `jobs`). A failed
 * send makes the invocation fail, so Lambda's asynchronous retries (the local bus does the same)
 * deliver the event again; what was already sent is skipped by its marker.
 */
export const handler = appointmentChangedConsumer(jobs['notify-appointment-changed'], async (detail) => {
  const report = await notifyAppointmentChanged(detail);
  logger.info('appointment notifications', { appointmentId: detail.appointmentId, change: detail.change, ...report });
  if (report.failed > 0) throw new Error(`${report.failed} notification(s) of ${detail.appointmentId} failed; the event will be retried`);
  return report;
});
