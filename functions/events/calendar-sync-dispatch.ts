import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { connectionsPage } from '../../shared/db/connections.ts';
import { enqueueCalendarSync, type SyncMessage } from '../../shared/events/sync-queue.ts';
import { logger } from '../../shared/logger.ts';

/**
 * The scheduled fan-out (every 15 minutes): one queue message per active connection, so the
 * worker scales with the number of connections instead of one function syncing them all.
 * Connections waiting for their user to reconnect are left alone.
 */
export const handler = middy<unknown, { queued: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    let queued = 0;
    let cursor: string | undefined;
    do {
      const page = await connectionsPage(cursor, 500);
      const messages: SyncMessage[] = page.items
        .filter((c) => c.isActive && c.status !== 'needs_reauth')
        .map((c) => ({ userId: c.userId, connectionId: c.id, reason: 'scheduled' }));
      await enqueueCalendarSync(messages);
      queued += messages.length;
      cursor = page.nextCursor;
    } while (cursor);
    logger.info('calendar syncs queued', { queued });
    return { queued };
  });
