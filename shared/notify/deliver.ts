import { claimMarker, markSent, releaseMarker, type MarkerKey } from '../db/notifications.ts';
import { logger } from '../logger.ts';

export type Outcome = 'sent' | 'duplicate' | 'failed';

/**
 * Sends one email at most once: the sent-marker is created on the condition that it does not
 * exist BEFORE sending, so a repeated event or an overlapping run finds it and stops. A send that
 * fails deletes the marker, so the next delivery of the event (or the next reminder run) retries.
 * A crash between sending and recording leaves the marker in place: at worst one email is lost,
 * never duplicated.
 */
export async function deliverOnce(key: MarkerKey, expiresAt: Date, send: () => Promise<string>): Promise<Outcome> {
  const claim = await claimMarker(key, expiresAt);
  if (!claim) return 'duplicate';
  let messageId: string;
  try {
    messageId = await send();
  } catch (error) {
    logger.warn('email not sent; it will be retried', { ...key, error: error as Error });
    await releaseMarker(key, claim);
    return 'failed';
  }
  try {
    await markSent(key, claim, messageId);
  } catch (error) {
    // Sent: the marker stays claimed, which is all exactly-once needs; only the record is incomplete.
    logger.error('email sent but its marker was not updated', { ...key, messageId, error: error as Error });
  }
  return 'sent';
}

export interface DeliveryReport {
  sent: number;
  duplicates: number;
  optedOut: number;
  failed: number;
}

export const emptyReport = (): DeliveryReport => ({ sent: 0, duplicates: 0, optedOut: 0, failed: 0 });

export function count(report: DeliveryReport, outcome: Outcome | 'optedOut'): void {
  if (outcome === 'sent') report.sent++;
  else if (outcome === 'duplicate') report.duplicates++;
  else if (outcome === 'optedOut') report.optedOut++;
  else report.failed++;
}
