import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';
import { pendingEventsBefore, removePendingEvent } from '../db/outbox.ts';
import { logger } from '../logger.ts';
import { APPOINTMENT_CHANGED, type AppointmentChangedDetail } from './appointment-changed.ts';

type Listener = (detail: AppointmentChangedDetail) => Promise<void> | void;

/** Locally (and in tests) consumers subscribe in process; in AWS an EventBridge rule does the same. */
const listeners = new Set<Listener>();

export function onAppointmentChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The EventBridge SDK, loaded on the first publish (shared/aws/load-sdk.ts): read-only functions
 * that import this module through the appointment writes never publish, and skip its cold-start cost.
 */
let eventBridge: EventBridgeClient | undefined;

/**
 * Hands one event to the bus; throws when the bus did not take it. In process, a consumer's own
 * failure is logged and does not count as a failed publish: EventBridge, too, accepts an event
 * once and retries each target on its own.
 */
export async function publishAppointmentChanged(detail: AppointmentChangedDetail): Promise<void> {
  const bus = config().EVENT_BUS_NAME;
  if (!bus) {
    for (const listener of listeners) {
      try {
        await listener(detail);
      } catch (error) {
        logger.error('an AppointmentChanged consumer failed', { appointmentId: detail.appointmentId, error: error as Error });
      }
    }
    return;
  }
  const { EventBridgeClient, PutEventsCommand } = loadAwsSdk('@aws-sdk/client-eventbridge');
  eventBridge ??= new EventBridgeClient({ region: config().AWS_REGION });
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: bus, Source: APPOINTMENT_CHANGED.source, DetailType: APPOINTMENT_CHANGED.detailType, Detail: JSON.stringify(detail) }],
    }),
  );
  if (result.FailedEntryCount) throw new Error(`PutEvents refused the event: ${result.Entries?.[0]?.ErrorCode ?? ''} ${result.Entries?.[0]?.ErrorMessage ?? ''}`.trim());
}

/**
 * Publishes the event of a change that just committed together with its outbox item
 * (shared/db/entities/outbox.ts), then clears the item. Never throws: the change is saved either
 * way, and an event the bus did not take stays in the outbox for `relay-appointment-events`.
 */
export async function deliverChange(detail: AppointmentChangedDetail): Promise<void> {
  try {
    await publishAppointmentChanged(detail);
  } catch (error) {
    logger.warn('AppointmentChanged not published yet; the relay job will', { appointmentId: detail.appointmentId, error: error as Error });
    return;
  }
  try {
    await removePendingEvent(detail);
  } catch (error) {
    // Published, but still in the outbox: the relay publishes it again, and every consumer is
    // idempotent per event (occurredAt + version), so the only cost is a duplicate delivery.
    logger.warn('AppointmentChanged published but left in the outbox', { appointmentId: detail.appointmentId, error: error as Error });
  }
}

/** How long an outbox item is left to its writer before the relay takes it over. */
export const RELAY_AFTER_MS = 60_000;

export interface RelayReport {
  published: number;
  /** Events still waiting after this run (the bus refused one; the rest wait behind it). */
  left: number;
}

/**
 * The outbox relay: publishes, oldest first, every event its writer did not get onto the bus
 * within RELAY_AFTER_MS, and clears each one the bus took. It stops at the first refusal (the bus
 * is down: the others would fail too, and order is kept); the next run starts there again.
 */
export async function relayPendingEvents(now = Date.now()): Promise<RelayReport> {
  const waiting = await pendingEventsBefore(new Date(now - RELAY_AFTER_MS).toISOString());
  let published = 0;
  for (const detail of waiting) {
    try {
      await publishAppointmentChanged(detail);
    } catch (error) {
      logger.error('relay: AppointmentChanged still not published', { appointmentId: detail.appointmentId, error: error as Error });
      break;
    }
    published++;
    await removePendingEvent(detail);
  }
  return { published, left: waiting.length - published };
}
