import type { ScheduledEvent } from 'aws-lambda';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { logger } from '../../shared/logger.ts';
import { sendDueReminders, type ReminderReport } from '../../shared/notify/reminders.ts';
import { jobs } from '../jobs.ts';

/**
 * The scheduled reminder run (functions/routes.ts `jobs`). Failed sends are retried by the next
 * run (their markers were released); the invocation still fails so that alarms see it.
 */
export const handler = jobHandler(jobs['send-reminders'], async () => {
  const report = await sendDueReminders();
  logger.info('reminders', { ...report });
  if (report.failed > 0) throw new Error(`${report.failed} reminder(s) failed; the next run retries them`);
  return report;
});
