/**
 * The local sandbox providers of `npm start`: with no real credentials for Lago, Google or
 * Microsoft in the environment, each is replaced by the same protocol-faithful stand-in the tests
 * use, started in this process, so that a new user can pay an invoice and connect a calendar end
 * to end on one machine. Real credentials switch that provider's sandbox off.
 */
import { startFakeGoogle } from './google.ts';
import { startFakeLago } from './lago.ts';
import { startFakeMicrosoft } from './microsoft.ts';

/** What the site labels as a sandbox (public /config.json). */
export type Sandbox = 'payments' | 'google' | 'microsoft';

export interface Sandboxes {
  /** Which providers run as sandboxes, in this order. */
  names: Sandbox[];
  /** The handlers' settings that point the product at them. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a sandbox for each provider `given` has no credentials for. `productUrl` is where this
 * run's API answers (the checkout sends Lago's webhook there); `siteUrl` is where people return.
 */
export async function startSandboxes(given: Record<string, string | undefined>, urls: { productUrl: string; siteUrl: string }): Promise<Sandboxes> {
  const names: Sandbox[] = [];
  const env: Record<string, string> = {};
  const stops: Array<() => Promise<void>> = [];
  try {
    if (!given.LAGO_API_KEY) {
      const lago = await startFakeLago({ checkout: { webhookUrl: `${urls.productUrl}/api/lago-webhook`, returnUrl: `${urls.siteUrl}/dashboard/payments/` } });
      stops.push(lago.stop);
      names.push('payments');
      Object.assign(env, { LAGO_API_URL: lago.url, LAGO_API_KEY: lago.apiKey, LAGO_WEBHOOK_HMAC_KEY: lago.hmacKey, LAGO_WEBHOOK_PUBLIC_KEY: lago.publicKeyPem });
    }
    if (!given.GOOGLE_CLIENT_ID) {
      const google = await startFakeGoogle({ consentPage: true });
      stops.push(google.stop);
      names.push('google');
      Object.assign(env, google.env);
    }
    if (!given.MICROSOFT_CLIENT_ID) {
      const microsoft = await startFakeMicrosoft({ consentPage: true });
      stops.push(microsoft.stop);
      names.push('microsoft');
      Object.assign(env, microsoft.env);
    }
  } catch (error) {
    await Promise.all(stops.map((stop) => stop()));
    throw error;
  }
  return { names, env, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
}
