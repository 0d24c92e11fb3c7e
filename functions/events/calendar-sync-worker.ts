import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { syncConnection } from '../../shared/calendar/pull.ts';
import { syncMessageSchema } from '../../shared/events/sync-queue.ts';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { logger } from '../../shared/logger.ts';
import { jobs } from '../jobs.ts';

/**
 * Syncs one connection per queue message. A failed message is reported alone
 * (ReportBatchItemFailures) and comes back after the visibility timeout; after five tries it
 * lands in the dead-letter queue. A malformed message is dropped: retrying cannot fix it.
 */
export const handler = jobHandler(jobs['calendar-sync-worker'], async (event: SQSEvent) => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const message = syncMessageSchema.safeParse(body);
    if (!message.success) {
      logger.error('dropped a malformed calendar sync message', { messageId: record.messageId });
      continue;
    }
    try {
      const report = await syncConnection(message.data.userId, message.data.connectionId);
      logger.info('calendar synced', { ...report, reason: message.data.reason });
    } catch (error) {
      logger.warn('calendar sync failed; the message will be retried', { connectionId: message.data.connectionId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
});
