import type { ScheduledEvent } from 'aws-lambda';
import { relayPendingEvents, type RelayReport } from '../../shared/events/publisher.ts';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { logger } from '../../shared/logger.ts';
import { jobs } from '../jobs.ts';

/**
 * The outbox relay, every minute (functions/routes.ts `jobs`): a committed appointment change
 * whose event the bus refused is published here. An event still refused fails the invocation, so
 * the function's error alarm says the bus is not taking events; they stay in the outbox meanwhile.
 */
export const handler = jobHandler(jobs['relay-appointment-events'], async () => {
  const report = await relayPendingEvents();
  if (report.published > 0) logger.info('relayed AppointmentChanged events', { ...report });
  if (report.left > 0) throw new Error(`${report.left} AppointmentChanged event(s) still not published; the next run retries`);
  return report;
});
