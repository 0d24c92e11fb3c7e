import type { KeyObject } from 'node:crypto';
import * as z from 'zod/mini';
import { lagoInvoiceVoided, lagoPaymentFailure, lagoPaymentStatusUpdated, lagoWebhookEnvelope } from '../api/payments.ts';
import { config } from '../config.ts';
import { appointmentIdForInvoice, hasWebhookReceipt, recordWebhookReceipt } from '../db/payments.ts';
import { decidePayment, type PaymentDecision, type PaymentEvent } from '../domain/appointments/payment.ts';
import { InvalidInput } from '../errors.ts';
import { logger } from '../logger.ts';
import { changeAppointment } from '../appointments/change-appointment.ts';
import { acceptedIssuers, parsePublicKey, verifyHmac, verifyJwt, type SignatureVerdict } from './webhook-signature.ts';

/** Lago's HMAC signature has no size limit; an invoice with many fees stays far below this. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Lago's public key parsed once per configured value (the variable does not change in a container). */
let parsedPublicKey: { text: string; key: KeyObject | undefined } | undefined;

/**
 * The key Lago signs `jwt` webhooks with, from LAGO_WEBHOOK_PUBLIC_KEY only: it is never fetched
 * from Lago, because that takes the API key, and the function that receives webhooks from the
 * internet is not given it (least privilege). Undefined when unset or not a public key.
 */
function lagoPublicKey(text: string): KeyObject | undefined {
  if (parsedPublicKey?.text !== text) {
    let key: KeyObject | undefined;
    try {
      key = parsePublicKey(text);
    } catch {
      key = undefined;
    }
    parsedPublicKey = { text, key };
  }
  return parsedPublicKey.key;
}

/**
 * What checking a webhook's signature found. `unconfigured`: this deployment has no usable key for
 * the algorithm Lago used, which is our mistake, not the sender's (the handler answers 503, so Lago
 * retries and nothing is lost once the key is set).
 */
export type SignatureCheck = SignatureVerdict | { valid: false; unconfigured: string };

/**
 * Checks X-Lago-Signature against the raw body (headers lower-cased by the middy chain). A
 * missing or unconfigured key is a refusal, never a pass.
 */
export function checkSignature(headers: Record<string, string | undefined>, rawBody: Buffer): SignatureCheck {
  const signature = headers['x-lago-signature'];
  // Lago's first signature was JWT only, sent without the algorithm header.
  const algorithm = headers['x-lago-signature-algorithm'] ?? 'jwt';
  if (!signature) return { valid: false, reason: 'no X-Lago-Signature header' };
  if (algorithm === 'hmac') {
    const key = config().LAGO_WEBHOOK_HMAC_KEY;
    if (!key) return { valid: false, unconfigured: 'an HMAC-signed webhook arrived but LAGO_WEBHOOK_HMAC_KEY is not set' };
    return verifyHmac(rawBody, signature, key);
  }
  if (algorithm === 'jwt') {
    const { LAGO_WEBHOOK_PUBLIC_KEY, LAGO_API_URL } = config();
    if (!LAGO_WEBHOOK_PUBLIC_KEY) {
      return { valid: false, unconfigured: "a JWT-signed webhook arrived but LAGO_WEBHOOK_PUBLIC_KEY is not set (Lago's GET /webhooks/json_public_key)" };
    }
    const key = lagoPublicKey(LAGO_WEBHOOK_PUBLIC_KEY);
    if (!key) return { valid: false, unconfigured: 'LAGO_WEBHOOK_PUBLIC_KEY is not a public key (PEM, or base64 of the PEM)' };
    return verifyJwt(rawBody, signature, key, acceptedIssuers(LAGO_API_URL));
  }
  return { valid: false, reason: `unknown signature algorithm ${algorithm.slice(0, 20)}` };
}

function parse<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InvalidInput(`Invalid webhook: ${['body', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  return result.data;
}

/** The event of a verified body; undefined for types this product does not act on. Malformed: 400. */
export function parseWebhook(rawBody: Buffer): { type: string; event?: PaymentEvent; detail?: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InvalidInput('Webhook body must be valid JSON');
  }
  const { webhook_type: type } = parse(lagoWebhookEnvelope, json);
  switch (type) {
    case 'invoice.payment_status_updated': {
      const { invoice } = parse(lagoPaymentStatusUpdated, json);
      return { type, event: { kind: 'paymentStatus', invoiceId: invoice.lago_id, paymentStatus: invoice.payment_status, updatedAt: invoice.updated_at ?? undefined } };
    }
    case 'invoice.voided': {
      const { invoice } = parse(lagoInvoiceVoided, json);
      return { type, event: { kind: 'voided', invoiceId: invoice.lago_id, updatedAt: invoice.updated_at ?? undefined } };
    }
    case 'invoice.payment_failure': {
      const { payment_provider_invoice_payment_error: failure } = parse(lagoPaymentFailure, json);
      return { type, event: { kind: 'paymentFailure', invoiceId: failure.lago_invoice_id }, detail: failure.provider_error };
    }
    default:
      return { type };
  }
}

export type WebhookOutcome = { status: 'processed' | 'ignored' | 'duplicate'; reason?: string };

/**
 * Applies a verified webhook once per X-Lago-Unique-Key. Everything Lago sends is acknowledged
 * (200) unless it is malformed or our storage fails, so Lago does not retry forever; what is
 * ignored says why in the log.
 */
export async function handleWebhook(rawBody: Buffer, uniqueKey: string | undefined): Promise<WebhookOutcome> {
  const { type, event, detail } = parseWebhook(rawBody);
  if (uniqueKey && (await hasWebhookReceipt(uniqueKey))) {
    logger.info('Lago webhook replayed; already handled', { uniqueKey, type });
    return { status: 'duplicate' };
  }
  if (!uniqueKey) logger.warn('Lago webhook without X-Lago-Unique-Key; handled without deduplication', { type });

  const outcome = event ? await applyEvent(event) : { status: 'ignored' as const, reason: 'a webhook type this product does not act on' };
  if (event?.kind === 'paymentFailure') logger.warn('Lago reports a failed payment attempt', { invoiceId: event.invoiceId, providerError: detail });
  const log = outcome.status === 'processed' ? logger.info.bind(logger) : logger.warn.bind(logger);
  log(`Lago webhook ${outcome.status}`, { type, uniqueKey, invoiceId: event?.invoiceId, reason: outcome.reason });
  // Recorded after the change committed: a failure before it lets Lago's retry apply it.
  if (uniqueKey) await recordWebhookReceipt(uniqueKey, type, outcome.status === 'processed' ? 'processed' : 'ignored');
  return outcome;
}

async function applyEvent(event: PaymentEvent): Promise<WebhookOutcome> {
  const appointmentId = await appointmentIdForInvoice(event.invoiceId);
  if (!appointmentId) return { status: 'ignored', reason: 'unknown invoice' };
  let decision: PaymentDecision = { ignore: 'appointment deleted' };
  const changed = await changeAppointment(
    appointmentId,
    (current) => {
      decision = decidePayment(current, event);
      return 'apply' in decision ? { ...current, ...decision.apply } : undefined;
    },
    'system',
  );
  return changed ? { status: 'processed' } : { status: 'ignored', reason: 'ignore' in decision ? decision.ignore : undefined };
}
