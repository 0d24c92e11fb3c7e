import * as z from 'zod';

/**
 * What Lago POSTs to the webhook (documentation only: the handler verifies the signature on the
 * raw body before it parses anything, then validates per webhook type).
 */
export const lagoWebhookBody = z.looseObject({
  webhook_type: z.string().meta({ examples: ['invoice.payment_status_updated', 'invoice.voided', 'invoice.payment_failure'] }),
  object_type: z.string().meta({ examples: ['invoice', 'payment_provider_invoice_payment_error'] }),
  invoice: z.looseObject({ lago_id: z.string(), payment_status: z.string().optional(), updated_at: z.string().optional() }).optional(),
  payment_provider_invoice_payment_error: z.looseObject({ lago_invoice_id: z.string() }).optional(),
});
