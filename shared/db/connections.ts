import type { EntityItem } from 'electrodb';
import { NotFound } from '../errors.ts';
import { batchGetAll } from './batch.ts';
import { isConditionFailure } from './conditions.ts';
import type { CalendarConnection } from './entities/calendar-connection.ts';
import type { EventLink, OAuthState, PushChannel } from './entities/calendar-sync.ts';
import { db } from './service.ts';

export type ConnectionItem = EntityItem<CalendarConnection>;
export type OAuthStateItem = EntityItem<OAuthState>;
export type EventLinkItem = EntityItem<EventLink>;

export const CONNECTION_NOT_FOUND = 'Calendar connection not found';

/** The user's calendar connections (owner-scoped partition). */
export async function listConnections(userId: string): Promise<ConnectionItem[]> {
  const { data } = await db().entities.calendarConnection.query.byOwner({ userId }).go({ pages: 'all' });
  return data;
}

export async function findConnection(userId: string, id: string): Promise<ConnectionItem | null> {
  const { data } = await db().entities.calendarConnection.get({ userId, id }).go();
  return data;
}

/** One of the user's connections; anybody else's id is a 404, as a missing one. */
export async function getConnectionOf(userId: string, id: string): Promise<ConnectionItem> {
  const connection = await findConnection(userId, id);
  if (!connection) throw new NotFound(CONNECTION_NOT_FOUND);
  return connection;
}

export async function putConnection(connection: ConnectionItem): Promise<void> {
  await db().entities.calendarConnection.put(connection).go({ response: 'none' });
}

type ConnectionChanges = Partial<Omit<ConnectionItem, 'userId' | 'id' | 'createdAt' | 'updatedAt'>>;

/**
 * Changes some fields of a connection that still exists (a disconnect while a sync runs wins: the
 * sync's write fails its condition and is dropped). `remove` clears attributes.
 */
export async function updateConnection(
  key: { userId: string; id: string },
  changes: ConnectionChanges,
  remove: Array<'lastError' | 'syncCursor' | 'syncWindowEnd'> = [],
): Promise<boolean> {
  try {
    let update = db().entities.calendarConnection.patch(key).set(changes);
    if (remove.length) update = update.remove(remove);
    await update.go({ response: 'none' });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims a sync of a connection of one kind ("sync now", or a provider notification): at most one
 * per `intervalMs` (a conditional write, so two at once make one sync).
 */
export async function claimSync(
  key: { userId: string; id: string },
  kind: 'manualSyncAt' | 'notifiedSyncAt',
  now: Date,
  intervalMs: number,
): Promise<boolean> {
  const earliest = new Date(now.getTime() - intervalMs).toISOString();
  try {
    await db()
      .entities.calendarConnection.patch(key)
      .set({ [kind]: now.toISOString() })
      .where((attr, op) => `${op.notExists(attr[kind])} OR ${op.lte(attr[kind], earliest)}`)
      .go({ response: 'none' });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Every connection, a page at a time (the sync dispatcher; never on a user request). */
export async function connectionsPage(cursor: string | undefined, limit: number) {
  const { data, cursor: next } = await db()
    .entities.calendarConnection.query.all({})
    .go({ cursor: cursor ?? null, limit, attributes: ['userId', 'id', 'isActive', 'status'] });
  return { items: data, nextCursor: next ?? undefined };
}

/** Deletes a connection with its event links and imported busy time (the events stay in the calendar). */
export async function deleteConnection(connection: { userId: string; id: string }): Promise<void> {
  const [links, busy] = await Promise.all([listLinks(connection.id), busyBlocksOfConnection(connection.id)]);
  if (links.length) await db().entities.eventLink.delete(links.map(({ connectionId, appointmentId }) => ({ connectionId, appointmentId }))).go();
  if (busy.length) await db().entities.busyBlock.delete(busy.map(({ externalId }) => ({ connectionId: connection.id, externalId }))).go();
  await db().entities.calendarConnection.delete(connection).go({ response: 'none' });
}

// Push channels ---------------------------------------------------------------------------------

export type PushChannelItem = EntityItem<PushChannel>;

export async function putPushChannel(channel: Omit<PushChannelItem, 'ttl'>): Promise<void> {
  // Kept a day past its expiry: a late notification still finds whose it was.
  await db()
    .entities.pushChannel.put({ ...channel, ttl: Math.floor(Date.parse(channel.expiresAt) / 1000) + 86_400 })
    .go({ response: 'none' });
}

export async function getPushChannel(channelId: string): Promise<PushChannelItem | null> {
  const { data } = await db().entities.pushChannel.get({ channelId }).go();
  return data;
}

/** The push channels of these ids that exist: ONE BatchGetItem per 100 ids (asked again for what DynamoDB leaves unprocessed). */
export async function getPushChannels(channelIds: readonly string[]): Promise<PushChannelItem[]> {
  if (channelIds.length === 0) return [];
  return batchGetAll((keys: Array<{ channelId: string }>) => db().entities.pushChannel.get(keys).go(), channelIds.map((channelId) => ({ channelId })));
}

export async function deletePushChannel(channelId: string): Promise<void> {
  await db().entities.pushChannel.delete({ channelId }).go({ response: 'none' });
}

// OAuth states ---------------------------------------------------------------------------------

export async function createOAuthState(state: Omit<OAuthStateItem, 'ttl'>): Promise<void> {
  await db()
    .entities.oauthState.create({ ...state, ttl: Math.floor(Date.parse(state.expiresAt) / 1000) })
    .go({ response: 'none' });
}

/** Deletes the state and returns what it held; undefined when it does not exist (unknown or used). */
export async function takeOAuthState(state: string): Promise<OAuthStateItem | undefined> {
  try {
    const { data } = await db()
      .entities.oauthState.delete({ state })
      .where((attr, op) => op.exists(attr.userId))
      .go({ response: 'all_old' });
    return data ?? undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

// Event links ----------------------------------------------------------------------------------

export async function getLink(connectionId: string, appointmentId: string): Promise<EventLinkItem | null> {
  const { data } = await db().entities.eventLink.get({ connectionId, appointmentId }).go();
  return data;
}

export async function listLinks(connectionId: string): Promise<EventLinkItem[]> {
  const { data } = await db().entities.eventLink.query.byConnection({ connectionId }).go({ pages: 'all' });
  return data;
}

export async function putLink(link: EventLinkItem): Promise<void> {
  await db().entities.eventLink.put(link).go({ response: 'none' });
}

export async function deleteLink(connectionId: string, appointmentId: string): Promise<void> {
  await db().entities.eventLink.delete({ connectionId, appointmentId }).go({ response: 'none' });
}

// Busy time of one connection ------------------------------------------------------------------

export async function busyBlocksOfConnection(connectionId: string) {
  const { data } = await db().entities.busyBlock.query.byConnection({ connectionId }).go({ pages: 'all', attributes: ['externalId'] });
  return data;
}

/** Deletes stored busy pieces by their ids (`id`, `id#2`…), 25 to a BatchWriteItem. */
export async function deleteBusyPieces(connectionId: string, externalIds: readonly string[]): Promise<void> {
  if (externalIds.length === 0) return;
  const { unprocessed } = await db().entities.busyBlock.delete(externalIds.map((externalId) => ({ connectionId, externalId }))).go();
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} busy blocks were not deleted (throttled); retry the sync`);
}
