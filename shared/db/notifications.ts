import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '../domain/vocabulary.ts';
import { db } from './service.ts';

/** Identifies one email: the same key is never sent twice. */
export interface MarkerKey {
  appointmentId: string;
  kind: NotificationKind;
  occurrence: string;
  recipientId: string;
}

const isConditionFailure = (error: unknown) =>
  (error as { cause?: { name?: string } } | undefined)?.cause?.name === 'ConditionalCheckFailedException';

/**
 * Creates the marker on the condition that it does not exist (one PutItem). Returns the claim
 * token, or undefined when another run already holds or sent this email.
 */
export async function claimMarker(key: MarkerKey, expiresAt: Date): Promise<string | undefined> {
  const claim = randomUUID();
  try {
    await db()
      .entities.notificationMarker.create({ ...key, claim, status: 'sending', ttl: Math.floor(expiresAt.getTime() / 1000) })
      .go({ response: 'none' });
    return claim;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Records the delivery on the marker this run claimed. */
export async function markSent(key: MarkerKey, claim: string, messageId: string): Promise<void> {
  await db()
    .entities.notificationMarker.patch(key)
    .set({ status: 'sent', messageId, sentAt: new Date().toISOString() })
    .where((attr, op) => op.eq(attr.claim, claim))
    .go({ response: 'none' });
}

/** Deletes the marker this run claimed (its send failed), so that a later run may send it. */
export async function releaseMarker(key: MarkerKey, claim: string): Promise<void> {
  try {
    await db()
      .entities.notificationMarker.delete(key)
      .where((attr, op) => op.eq(attr.claim, claim))
      .go({ response: 'none' });
  } catch (error) {
    // Someone else's claim (cannot happen while claims are exclusive) is theirs to keep.
    if (!isConditionFailure(error)) throw error;
  }
}

/** The markers of one appointment (one Query): what was sent about it, to whom. */
export async function listMarkers(appointmentId: string) {
  const { data } = await db().entities.notificationMarker.query.byAppointment({ appointmentId }).go({ pages: 'all' });
  return data;
}
