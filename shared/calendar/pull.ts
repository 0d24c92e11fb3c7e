import { getAppointment, queryAppointments, type AppointmentIndex, type AppointmentItem } from '../db/appointments.ts';
import { busyPieces, putBusyBlocks, type BusyTime } from '../db/busy-blocks.ts';
import {
  busyBlocksOfConnection,
  deleteBusyPieces,
  findConnection,
  listLinks,
  updateConnection,
  type ConnectionItem,
  type EventLinkItem,
} from '../db/connections.ts';
import { db } from '../db/service.ts';
import { getUser } from '../db/users.ts';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { ProviderError } from './http.ts';
import type { ChangeSet, ExternalEvent } from './provider.ts';
import { ensurePushChannel } from './notifications.ts';
import { pushToConnection, syncable } from './push.ts';
import { CalendarSession, ReconnectRequired } from './session.ts';

export interface SyncReport {
  connectionId: string;
  outcome: 'synced' | 'skipped' | 'needs_reauth';
  /** Events the provider reported changed (or all of them on a full sync). */
  changes: number;
  full: boolean;
  busyWritten: number;
  busyDeleted: number;
  /** Our events found moved or deleted in the calendar. */
  externalChanges: number;
  /** Appointments pushed again because the calendar lagged behind. */
  repaired: number;
}

const sameInstant = (a: string | undefined, b: string) => a !== undefined && Date.parse(a) === Date.parse(b);

/** The stored piece ids of one event: `id`, `id#2`, … */
const baseId = (pieceId: string) => pieceId.replace(/#\d+$/, '');

/**
 * One sync of one connection (the worker's unit of work, docs/CALENDAR_SYNC.md "Pull"): the
 * changes since the stored cursor, busy time of an admin's calendar, changes to our events
 * recorded for admins, then the repair pass. The cursor is stored last: a run that dies half-way
 * is repeated from the previous cursor, and every write here is an idempotent upsert.
 */
export async function syncConnection(userId: string, connectionId: string, now = new Date()): Promise<SyncReport> {
  const report: SyncReport = { connectionId, outcome: 'skipped', changes: 0, full: false, busyWritten: 0, busyDeleted: 0, externalChanges: 0, repaired: 0 };
  const connection = await findConnection(userId, connectionId);
  if (!connection || !syncable(connection)) return report;
  const session = new CalendarSession(connection);
  try {
    const changes = await listChanges(session, connection, now);
    report.changes = changes.events.length;
    report.full = changes.full;
    // One read of the links serves both the recognition of our events and the repair pass.
    const links = await listLinks(connection.id);
    const byExternalId = new Map(links.map((link) => [link.externalId, link]));
    const theirs = changes.events.filter((event) => !byExternalId.has(event.id) && !event.appointmentId);
    const ours = changes.events.filter((event) => byExternalId.has(event.id) || event.appointmentId);
    report.externalChanges = await recordExternalChanges(connection, ours, byExternalId);
    if ((await getUser(userId))?.role === 'admin') Object.assign(report, await importBusyTime(connection, theirs, changes.full));
    report.repaired = await repairPushes(session, links, now);
    await updateConnection(
      connection,
      { syncCursor: changes.cursor, lastSyncAt: now.toISOString(), status: 'active', ...(changes.windowEnd ? { syncWindowEnd: changes.windowEnd } : {}) },
      ['lastError'],
    );
    await ensurePushChannel(session, now);
    report.outcome = 'synced';
    return report;
  } catch (error) {
    if (error instanceof ReconnectRequired) return { ...report, outcome: 'needs_reauth' };
    await updateConnection(connection, { status: 'error', lastError: failureMessage(error) });
    throw error;
  }
}

/** What the settings page shows after a failed run (no stack, no token). */
function failureMessage(error: unknown): string {
  if (error instanceof ProviderError) {
    if (error.failure === 'rate_limited') return 'The calendar provider asked us to slow down; the sync will try again shortly.';
    if (error.failure === 'unavailable') return 'The calendar provider did not answer; the sync will try again shortly.';
    return `The calendar provider refused a request (${error.status ?? 'error'}).`;
  }
  return 'The sync failed; it will try again shortly.';
}

/** Changes since the cursor; a cursor the provider no longer knows (410), or a delta window that no longer covers the booking horizon, means a full sync. */
async function listChanges(session: CalendarSession, connection: ConnectionItem, now: Date): Promise<ChangeSet> {
  const horizon = now.getTime() + config().BOOKING_HORIZON_DAYS * 86_400_000;
  const windowTooShort = connection.syncWindowEnd !== undefined && Date.parse(connection.syncWindowEnd) < horizon;
  const cursor = windowTooShort ? undefined : connection.syncCursor;
  try {
    return await session.call((token) => session.api.listChanges(token, connection.calendarId, cursor, now));
  } catch (error) {
    if (!(cursor && error instanceof ProviderError && error.failure === 'gone')) throw error;
    logger.info('sync cursor expired: full sync', { connectionId: connection.id, provider: connection.provider });
    return session.call((token) => session.api.listChanges(token, connection.calendarId, undefined, now));
  }
}

/**
 * Our events moved or deleted in the calendar: recorded on the appointment for admins
 * (`externalChange`), never applied to it. An event that still matches what we pushed is our own
 * write coming back, and says nothing.
 */
async function recordExternalChanges(connection: ConnectionItem, events: ExternalEvent[], links: Map<string, EventLinkItem>): Promise<number> {
  let recorded = 0;
  for (const event of events) {
    const link = links.get(event.id);
    if (!link) continue; // Marked as ours but not pushed to this connection (an older connection's event).
    const moved = !event.removed && (!sameInstant(event.startTime, link.startTime) || !sameInstant(event.endTime, link.endTime));
    if (!event.removed && !moved) continue;
    const appointment = await getAppointment(link.appointmentId);
    if (!appointment) continue;
    await db()
      .entities.appointment.patch({ id: appointment.id })
      .set({
        externalChange: {
          kind: event.removed ? 'deleted' : 'moved',
          provider: connection.provider,
          email: connection.email,
          ...(moved ? { startTime: event.startTime, endTime: event.endTime } : {}),
          detectedAt: new Date().toISOString(),
          atVersion: appointment.version,
        },
      })
      .go({ response: 'none' });
    recorded++;
  }
  return recorded;
}

/**
 * Busy time of an admin's calendar from events that are not ours: upserted as pieces; removed,
 * free or shortened events lose their (extra) pieces. On a full sync, everything not seen goes.
 */
async function importBusyTime(connection: ConnectionItem, events: ExternalEvent[], full: boolean) {
  const blocks: BusyTime[] = events
    .filter((event) => !event.removed && event.busy && event.startTime && event.endTime && event.endTime > event.startTime)
    .map((event) => ({ connectionId: connection.id, externalId: event.id, ownerId: connection.userId, startTime: event.startTime!, endTime: event.endTime! }));
  const kept = new Set(blocks.flatMap(busyPieces).map((piece) => piece.externalId));
  const changed = new Set(events.map((event) => event.id));
  const stored = events.length || full ? await busyBlocksOfConnection(connection.id) : [];
  const stale = stored.map((piece) => piece.externalId).filter((id) => !kept.has(id) && (full || changed.has(baseId(id))));
  await putBusyBlocks(blocks);
  await deleteBusyPieces(connection.id, stale);
  return { busyWritten: kept.size, busyDeleted: stale.length };
}

/**
 * The repair pass: every appointment of this user from a day ago on whose event in this calendar
 * is missing or older than the appointment (a push that failed for good, or a connection made
 * after the appointment). Two Queries; providers are called only for what lags.
 */
async function repairPushes(session: CalendarSession, links: readonly EventLinkItem[], now: Date): Promise<number> {
  const { connection } = session;
  const byAppointment = new Map(links.map((link) => [link.appointmentId, link]));
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const indexes: AppointmentIndex[] = [
    { index: 'byOwner', userId: connection.userId },
    { index: 'byAdmin', assignedAdminId: connection.userId },
  ];
  const appointments = new Map<string, AppointmentItem>();
  for (const index of indexes) {
    let cursor: string | undefined;
    do {
      const page = await queryAppointments(index, { startDate: since }, { limit: 200, cursor });
      for (const item of page.items) appointments.set(item.id, item);
      cursor = page.nextCursor;
    } while (cursor);
  }
  let repaired = 0;
  for (const appointment of appointments.values()) {
    if (await pushToConnection(session, appointment, appointment.id, byAppointment.get(appointment.id) ?? null)) repaired++;
  }
  return repaired;
}
