import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { claimSync, getConnectionOf } from '../../shared/db/connections.ts';
import { enqueueCalendarSync } from '../../shared/events/sync-queue.ts';
import { HttpError, conflict } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/** "Sync now" is for a person clicking, not a loop: one per minute per connection. */
const MANUAL_SYNC_INTERVAL_MS = 60_000;

export const handler = httpHandler(routes['POST /api/calendar/sync'], requestSchemas['POST /api/calendar/sync'], async ({ caller, query }) => {
  const connection = await getConnectionOf(caller.id, query.id);
  if (connection.status === 'needs_reauth') throw conflict('This calendar must be reconnected before it can sync');
  if (!(await claimSync(connection, 'manualSyncAt', new Date(), MANUAL_SYNC_INTERVAL_MS))) {
    throw new HttpError(429, 'Sync was requested less than a minute ago');
  }
  await enqueueCalendarSync([{ userId: caller.id, connectionId: connection.id, reason: 'manual' }]);
  return { status: 202, data: { queued: true } };
});
