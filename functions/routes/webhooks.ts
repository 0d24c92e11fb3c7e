import { lagoWebhookBody } from '../../shared/api/payments.ts';
import type { RouteDefinition } from '../manifest.ts';

/** Payment provider callbacks (Lago's signed webhook). Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'POST /api/lago-webhook': {
    handler: 'functions/webhooks/lago.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: lagoWebhookBody, bodyValidatedByHandler: true },
    grants: ['publishEvents'],
    // Not lagoApiKey: a JWT signature is checked with LAGO_WEBHOOK_PUBLIC_KEY, never fetched with the API key.
    secrets: ['lagoWebhookHmacKey'],
    summary: "Lago's signed webhook (HMAC or JWT): invoice payment status, voided, payment failure; deduplicated on X-Lago-Unique-Key",
  },
} as const satisfies Record<string, RouteDefinition>;
