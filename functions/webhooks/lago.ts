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
  const verdict = checkSignature(headers, rawBody);
  if ('unconfigured' in verdict) {
    // Our configuration, not the sender's fault: 503 so that Lago retries once the key is set.
    logger.error('Lago webhook refused: its signature key is not configured', { problem: verdict.unconfigured, uniqueKey: headers['x-lago-unique-key'] });
    throw new Unavailable('Webhook verification is not configured; Lago will retry');
  }
  if (!verdict.valid) {
    logger.warn('Lago webhook refused: bad signature', { reason: verdict.reason, uniqueKey: headers['x-lago-unique-key'] });
    throw new Unauthenticated('Invalid webhook signature');
  }
  return { data: await handleWebhook(rawBody, headers['x-lago-unique-key']) };
});
