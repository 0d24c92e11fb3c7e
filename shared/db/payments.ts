import { db } from './service.ts';

/** How long an unused claim or a webhook receipt stays before DynamoDB's TTL removes it. */
const CLAIM_TTL_SECONDS = 7 * 86_400;
const RECEIPT_TTL_SECONDS = 30 * 86_400;

const epochSeconds = (ms: number) => Math.floor(ms / 1000);

const isConditionFailure = (error: unknown) =>
  error instanceof Error && /conditional request failed|ConditionalCheckFailed/i.test(`${error.message} ${String((error as { cause?: unknown }).cause)}`);

export type ClaimResult = { acquired: false } | { acquired: true; token: string; previous: boolean };

/**
 * Takes the appointment's invoice claim when nobody holds it (absent or lease over): ONE
 * conditional PutItem. `previous` says an earlier attempt left its claim: it may have created an
 * invoice in Lago without storing it, so the new holder looks in Lago before creating one.
 */
export async function acquirePaymentClaim(appointmentId: string, token: string, leaseMs: number): Promise<ClaimResult> {
  const now = Date.now();
  try {
    const { data } = await db()
      .entities.paymentClaim.put({ appointmentId, token, heldUntil: now + leaseMs, ttl: epochSeconds(now) + CLAIM_TTL_SECONDS })
      .where(({ heldUntil }, { notExists, lt }) => `${notExists(heldUntil)} OR ${lt(heldUntil, now)}`)
      .go({ response: 'all_old' });
    return { acquired: true, token, previous: Boolean(data) };
  } catch (error) {
    if (isConditionFailure(error)) return { acquired: false };
    throw error;
  }
}

/**
 * Ends the holder's claim: deleted when nothing can have reached Lago (or the invoice is stored),
 * kept with a lease of `holdMs` when an invoice call may still be running in Lago, so that no one
 * looks before it settles. A claim someone else took over is left alone.
 */
export async function releasePaymentClaim(appointmentId: string, token: string, keep?: { holdMs: number }): Promise<void> {
  try {
    if (keep) {
      await db()
        .entities.paymentClaim.patch({ appointmentId })
        .set({ heldUntil: Date.now() + keep.holdMs })
        .where(({ token: held }, { eq }) => eq(held, token))
        .go();
    } else {
      await db()
        .entities.paymentClaim.delete({ appointmentId })
        .where(({ token: held }, { eq }) => eq(held, token))
        .go();
    }
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getPaymentClaim(appointmentId: string) {
  const { data } = await db().entities.paymentClaim.get({ appointmentId }).go();
  return data;
}

/** The appointment a Lago invoice belongs to: ONE GetItem. */
export async function appointmentIdForInvoice(lagoInvoiceId: string): Promise<string | undefined> {
  const { data } = await db().entities.invoiceLink.get({ lagoInvoiceId }).go();
  return data?.appointmentId;
}

export async function hasWebhookReceipt(uniqueKey: string): Promise<boolean> {
  const { data } = await db().entities.webhookReceipt.get({ uniqueKey }).go();
  return data !== null;
}

export async function recordWebhookReceipt(uniqueKey: string, webhookType: string, outcome: 'processed' | 'ignored'): Promise<void> {
  await db()
    .entities.webhookReceipt.put({ uniqueKey, webhookType, outcome, ttl: epochSeconds(Date.now()) + RECEIPT_TTL_SECONDS })
    .go();
}
