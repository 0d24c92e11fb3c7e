import * as z from 'zod';

/**
 * What Lago POSTs to the webhook: { webhook_type, object_type, <object_type>: {...} }. The handler
 * verifies the signature on the raw bytes before it parses anything, then validates with these
 * same schemas (shared/billing/lago-webhook.ts): the envelope, then the body of the types this
 * product acts on. Other types are acknowledged and ignored.
 */
export const lagoWebhookEnvelope = z.looseObject({
  webhook_type: z.string().min(1).meta({ examples: ['invoice.payment_status_updated', 'invoice.voided', 'invoice.payment_failure'] }),
  object_type: z.string().min(1).meta({ examples: ['invoice', 'payment_provider_invoice_payment_error'] }),
});

const updatedAt = z.iso.datetime({ offset: true }).nullish();

export const lagoPaymentStatusUpdated = z.looseObject({
  invoice: z.looseObject({ lago_id: z.string().min(1), payment_status: z.string().min(1), updated_at: updatedAt }),
});

export const lagoInvoiceVoided = z.looseObject({ invoice: z.looseObject({ lago_id: z.string().min(1), updated_at: updatedAt }) });

export const lagoPaymentFailure = z.looseObject({
  payment_provider_invoice_payment_error: z.looseObject({ lago_invoice_id: z.string().min(1), provider_error: z.unknown().optional() }),
});

/** The whole body as documented: the envelope with the fields of one of the types acted on, or any other type. */
export const lagoWebhookBody = z.union([
  lagoWebhookEnvelope.extend(lagoPaymentStatusUpdated.shape).extend({ webhook_type: z.literal('invoice.payment_status_updated') }),
  lagoWebhookEnvelope.extend(lagoInvoiceVoided.shape).extend({ webhook_type: z.literal('invoice.voided') }),
  lagoWebhookEnvelope.extend(lagoPaymentFailure.shape).extend({ webhook_type: z.literal('invoice.payment_failure') }),
  lagoWebhookEnvelope,
]);
