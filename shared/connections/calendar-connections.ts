import type { Caller } from '../caller.ts';
import { connectionView, pickFields } from '../api/views.ts';
import { disconnect } from '../calendar/connect.ts';
import { claimSync, connectionsPage, getConnectionOf, listConnections } from '../db/connections.ts';
import { Conflict, TooManyRequests } from '../errors.ts';
import { enqueueCalendarSync, type SyncMessage } from '../events/sync-queue.ts';

/** A person's calendar connections (Google, Microsoft): always their own; another's id is "not found". */

/** The caller's connections: provider, e-mail, calendar, status, last sync, last error (never tokens). */
export async function myConnections(caller: Caller) {
  return (await listConnections(caller.id)).map((connection) => pickFields(connectionView, connection));
}

/** Disconnects one of the caller's connections (the grant revoked where the provider allows); appointments stay. */
export async function disconnectMine(caller: Caller, id: string): Promise<void> {
  await disconnect(await getConnectionOf(caller.id, id));
}

/** "Sync now" is for a person clicking, not a loop: one per minute per connection. */
const MANUAL_SYNC_INTERVAL_MS = 60_000;

/** Queues one sync of the caller's connection now. */
export async function syncNow(caller: Caller, id: string, now: Date): Promise<void> {
  const connection = await getConnectionOf(caller.id, id);
  if (connection.status === 'needs_reauth') throw new Conflict('This calendar must be reconnected before it can sync');
  if (!(await claimSync(connection, 'manualSyncAt', now, MANUAL_SYNC_INTERVAL_MS))) throw new TooManyRequests('Sync was requested less than a minute ago');
  await enqueueCalendarSync([{ userId: caller.id, connectionId: connection.id, reason: 'manual' }]);
}

/**
 * The scheduled fan-out: one queue message per active connection, so the worker scales with the
 * number of connections instead of one function syncing them all. Connections waiting for their
 * user to reconnect are left alone. Returns how many were queued.
 */
export async function queueScheduledSyncs(): Promise<number> {
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
  return queued;
}
