import * as z from 'zod/mini';

/**
 * What Lago POSTs to the webhook: { webhook_type, object_type, <object_type>: {...} }. The handler
 * verifies the signature on the raw bytes before it parses anything, then validates with these
 * same schemas (shared/billing/lago-webhook.ts): the envelope, then the body of the types this
 * product acts on. Other types are acknowledged and ignored.
 */
export const lagoWebhookEnvelope = z.looseObject({
  webhook_type: z.string().check(z.minLength(1), z.meta({ examples: ['invoice.payment_status_updated', 'invoice.voided', 'invoice.payment_failure'] })),
  object_type: z.string().check(z.minLength(1), z.meta({ examples: ['invoice', 'payment_provider_invoice_payment_error'] })),
});

const updatedAt = z.nullish(z.iso.datetime({ offset: true }));

export const lagoPaymentStatusUpdated = z.looseObject({
  invoice: z.looseObject({ lago_id: z.string().check(z.minLength(1)), payment_status: z.string().check(z.minLength(1)), updated_at: updatedAt }),
});

export const lagoInvoiceVoided = z.looseObject({ invoice: z.looseObject({ lago_id: z.string().check(z.minLength(1)), updated_at: updatedAt }) });

export const lagoPaymentFailure = z.looseObject({
  payment_provider_invoice_payment_error: z.looseObject({ lago_invoice_id: z.string().check(z.minLength(1)), provider_error: z.optional(z.unknown()) }),
});

/** The whole body as documented: the envelope with the fields of one of the types acted on, or any other type. */
export const lagoWebhookBody = z.union([
  z.extend(z.extend(lagoWebhookEnvelope, lagoPaymentStatusUpdated.shape), { webhook_type: z.literal('invoice.payment_status_updated') }),
  z.extend(z.extend(lagoWebhookEnvelope, lagoInvoiceVoided.shape), { webhook_type: z.literal('invoice.voided') }),
  z.extend(z.extend(lagoWebhookEnvelope, lagoPaymentFailure.shape), { webhook_type: z.literal('invoice.payment_failure') }),
  lagoWebhookEnvelope,
]);
