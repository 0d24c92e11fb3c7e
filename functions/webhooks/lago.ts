import { MAX_WEBHOOK_BYTES, checkSignature, handleWebhook } from '../../shared/billing/lago-webhook.ts';
import { InvalidInput, Unauthenticated, Unavailable } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/logger.ts';
import { routes } from '../routes/webhooks.ts';

// The manifest's body schema is applied after the signature (`bodyValidatedByHandler`), by handleWebhook.
export const handler = httpHandler(routes['POST /api/lago-webhook'], async ({ event }) => {
  // The signature covers the bytes Lago sent: nothing is parsed before it is verified.
  const rawBody = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (rawBody.length > MAX_WEBHOOK_BYTES) throw new InvalidInput(`Webhook body is too large (at most ${MAX_WEBHOOK_BYTES} bytes)`);
  const headers = event.headers ?? {};
  let verdict;
  try {
    verdict = await checkSignature(headers, rawBody);
  } catch (error) {
    logger.error("Lago's webhook public key could not be fetched", { error: error as Error });
    throw new Unavailable('Webhook verification is unavailable; Lago will retry');
  }
  if (!verdict.valid) {
    logger.warn('Lago webhook refused: bad signature', { reason: verdict.reason, uniqueKey: headers['x-lago-unique-key'] });
    throw new Unauthenticated('Invalid webhook signature');
  }
  return { data: await handleWebhook(rawBody, headers['x-lago-unique-key']) };
});
