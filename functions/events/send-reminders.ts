import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { sendDueReminders, type ReminderReport } from '../../shared/notify/reminders.ts';

/**
 * The scheduled reminder run (functions/routes.ts `jobs`). Failed sends are retried by the next
 * run (their markers were released); the invocation still fails so that alarms see it.
 */
export const handler = middy<ScheduledEvent | undefined, ReminderReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const report = await sendDueReminders();
    logger.info('reminders', { ...report });
    if (report.failed > 0) throw new Error(`${report.failed} reminder(s) failed; the next run retries them`);
    return report;
  });
