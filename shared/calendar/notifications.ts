import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config.ts';
import { claimSync, deletePushChannel, findConnection, getPushChannel, getPushChannels, putPushChannel, updateConnection, type ConnectionItem, type PushChannelItem } from '../db/connections.ts';
import type { CalendarProvider } from '../domain/vocabulary.ts';
import { enqueueCalendarSync } from '../events/sync-queue.ts';
import { logger } from '../logger.ts';
import type { WatchChannel } from './provider.ts';
import type { CalendarSession } from './session.ts';

/**
 * Push notifications (docs/CALENDAR_SYNC.md "Notifications"): each synced connection keeps a
 * channel (Google events.watch) or subscription (Graph) that calls our public notification route
 * when its calendar changes; the route queues a sync of that connection. The scheduled sync stays
 * as the safety net, and renews channels before they expire.
 */

export const NOTIFICATION_PATH = '/api/calendar/notifications';

/** A channel closer than this to its expiry is renewed by the sync (which runs every 15 minutes). */
export const RENEW_BEFORE_MS = 24 * 3_600_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest();

export function notificationsEnabled(): boolean {
  const setting = config().CALENDAR_NOTIFICATIONS;
  return setting === 'on' || (setting === 'auto' && config().SITE_URL.startsWith('https://'));
}

export const notificationAddress = (provider: CalendarProvider) => `${config().SITE_URL}${NOTIFICATION_PATH}/${provider}`;

/**
 * Makes sure the connection has a live channel: nothing to do while it has more than a day left;
 * renewed in place where the provider allows (Graph), otherwise replaced (the old one stopped).
 * A failure only costs the fast path: it is logged and the scheduled sync goes on.
 */
export async function ensurePushChannel(session: CalendarSession, now: Date): Promise<void> {
  const { connection } = session;
  if (!notificationsEnabled()) return;
  if (connection.channelExpiresAt && Date.parse(connection.channelExpiresAt) - now.getTime() > RENEW_BEFORE_MS) return;
  try {
    const old = connection.channelId ? await getPushChannel(connection.channelId) : null;
    const current: WatchChannel | undefined = old ? { channelId: old.channelId, resourceId: old.resourceId, expiresAt: old.expiresAt } : undefined;
    const renewed = current && (await session.call((token) => session.api.renewWatch(token, current, now)));
    if (renewed && old) {
      await putPushChannel({ ...old, expiresAt: renewed.expiresAt });
      await updateConnection(connection, { channelExpiresAt: renewed.expiresAt });
      return;
    }
    const secret = randomBytes(32).toString('base64url');
    const address = notificationAddress(connection.provider);
    const created = await session.call((token) => session.api.watch(token, connection.calendarId, { address, secret, now }));
    await putPushChannel({
      channelId: created.channelId,
      provider: connection.provider,
      userId: connection.userId,
      connectionId: connection.id,
      resourceId: created.resourceId,
      secretHash: hash(secret).toString('base64url'),
      expiresAt: created.expiresAt,
    });
    await updateConnection(connection, { channelId: created.channelId, channelExpiresAt: created.expiresAt });
    if (current) await stopChannel(session, current);
  } catch (error) {
    logger.warn('push channel not renewed; the scheduled sync covers this connection', { connectionId: connection.id, provider: connection.provider, error: error as Error });
  }
}

/** Stops a channel at the provider (best effort) and forgets it. */
export async function stopChannel(session: CalendarSession, channel: WatchChannel): Promise<void> {
  try {
    await session.call((token) => session.api.stopWatch(token, channel));
  } catch (error) {
    logger.warn('push channel not stopped; it will expire on its own', { channelId: channel.channelId, error: error as Error });
  }
  await deletePushChannel(channel.channelId);
}

/** Stops the connection's channel, if it has one (disconnecting). */
export async function stopConnectionChannel(session: CalendarSession): Promise<void> {
  const { channelId } = session.connection;
  const channel = channelId ? await getPushChannel(channelId) : null;
  if (channel) await stopChannel(session, { channelId: channel.channelId, resourceId: channel.resourceId, expiresAt: channel.expiresAt });
}

export type NotificationVerdict = 'queued' | 'coalesced' | 'unknown_channel' | 'bad_secret' | 'inactive';

/**
 * A provider says a calendar changed. The channel must exist, belong to that provider and carry
 * its secret (compared in constant time). Then one sync is queued a few seconds later; the
 * notifications of the same burst ride on it (claimSync), since it will read all their changes.
 */
export async function acceptNotification(provider: CalendarProvider, channelId: string, secret: string | undefined, now = new Date()): Promise<NotificationVerdict> {
  return verdictFor(await getPushChannel(channelId), provider, secret, now);
}

async function verdictFor(channel: PushChannelItem | null, provider: CalendarProvider, secret: string | undefined, now: Date): Promise<NotificationVerdict> {
  if (!channel || channel.provider !== provider) return 'unknown_channel';
  const expected = Buffer.from(channel.secretHash, 'base64url');
  if (!secret || !timingSafeEqual(hash(secret), expected)) return 'bad_secret';
  const connection: ConnectionItem | null = await findConnection(channel.userId, channel.connectionId);
  if (!connection || !connection.isActive || connection.status === 'needs_reauth') return 'inactive';
  const delaySeconds = config().CALENDAR_NOTIFICATION_DELAY_SECONDS;
  if (!(await claimSync(connection, 'notifiedSyncAt', now, delaySeconds * 1000))) return 'coalesced';
  await enqueueCalendarSync([{ userId: connection.userId, connectionId: connection.id, reason: 'notified' }], { delaySeconds });
  return 'queued';
}

/**
 * How many distinct subscriptions one POST of Graph notifications is checked for: one
 * BatchGetItem (DynamoDB reads at most 100 keys per call). Graph batches the notifications of a
 * moment into one POST, normally a handful; a bigger batch is acknowledged all the same (Graph
 * retries anything but a 2xx, which would only repeat the batch) and the subscriptions beyond the
 * cap are left to the scheduled sync, which reads every connection's changes every 15 minutes.
 */
export const MAX_GRAPH_NOTIFICATIONS = 100;

export type GraphNotificationsSummary = { received: number; checked: number; leftToScheduledSync: number } & Partial<Record<NotificationVerdict, number>>;

/**
 * A POST of Graph change notifications: each distinct subscription (up to MAX_GRAPH_NOTIFICATIONS)
 * is checked as acceptNotification does, the subscriptions read in one batch. Returns how many
 * ended how, for the one log line of the request.
 */
export async function acceptGraphNotifications(
  notifications: ReadonlyArray<{ subscriptionId: string; clientState?: string }>,
  now = new Date(),
): Promise<GraphNotificationsSummary> {
  // The first notification of a subscription decides: the same subscription again adds nothing.
  const distinct = new Map<string, string | undefined>();
  for (const { subscriptionId, clientState } of notifications) if (!distinct.has(subscriptionId)) distinct.set(subscriptionId, clientState);
  const checked = [...distinct].slice(0, MAX_GRAPH_NOTIFICATIONS);
  const channels = new Map((await getPushChannels(checked.map(([id]) => id))).map((channel) => [channel.channelId, channel]));
  const summary: GraphNotificationsSummary = { received: notifications.length, checked: checked.length, leftToScheduledSync: distinct.size - checked.length };
  // One after the other: the few that pass the checks each claim and queue a sync.
  for (const [subscriptionId, clientState] of checked) {
    const verdict = await verdictFor(channels.get(subscriptionId) ?? null, 'microsoft', clientState, now);
    summary[verdict] = (summary[verdict] ?? 0) + 1;
  }
  return summary;
}
