import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { APPOINTMENT_CHANGED, type AppointmentChangedDetail } from './appointment-changed.ts';

type Listener = (detail: AppointmentChangedDetail) => Promise<void> | void;

/** Locally (and in tests) consumers subscribe in process; in AWS an EventBridge rule does the same. */
const listeners = new Set<Listener>();

export function onAppointmentChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let eventBridge: EventBridgeClient | undefined;

/**
 * Publishes after the write committed. A failure here does not undo the write: it is logged, and
 * consumers repair from the table on their scheduled run (appointments carry their version).
 */
export async function publishAppointmentChanged(detail: AppointmentChangedDetail): Promise<void> {
  const bus = config().EVENT_BUS_NAME;
  try {
    if (bus) {
      eventBridge ??= new EventBridgeClient({ region: config().AWS_REGION });
      const result = await eventBridge.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: bus, Source: APPOINTMENT_CHANGED.source, DetailType: APPOINTMENT_CHANGED.detailType, Detail: JSON.stringify(detail) }],
        }),
      );
      if (result.FailedEntryCount) throw new Error(result.Entries?.[0]?.ErrorMessage ?? 'PutEvents failed');
    } else {
      for (const listener of listeners) await listener(detail);
    }
  } catch (error) {
    logger.error('AppointmentChanged was not published', { appointmentId: detail.appointmentId, error: error as Error });
  }
}

/** Publishes the change an appointment write made (call after the write committed). */
export function announceChange(
  change: AppointmentChangedDetail['change'],
  before: object | undefined,
  after: object | undefined,
  actor: string,
): Promise<void> {
  const subject = (after ?? before) as { id: string };
  return publishAppointmentChanged({
    version: '1',
    change,
    appointmentId: subject.id,
    actor,
    occurredAt: new Date().toISOString(),
    before: (before as Record<string, unknown>) ?? null,
    after: (after as Record<string, unknown>) ?? null,
  });
}
