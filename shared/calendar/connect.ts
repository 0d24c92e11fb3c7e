import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { config } from '../config.ts';
import { openTokens } from '../crypto/envelope.ts';
import { createOAuthState, deleteConnection, listConnections, putConnection, takeOAuthState, type ConnectionItem } from '../db/connections.ts';
import type { CalendarProvider } from '../domain/vocabulary.ts';
import { enqueueCalendarSync } from '../events/sync-queue.ts';
import { Unavailable } from '../errors.ts';
import { logger } from '../logger.ts';
import { ProviderError } from './http.ts';
import { PROVIDER_NAMES } from './provider.ts';
import { stopConnectionChannel } from './notifications.ts';
import { CalendarSession, calendarApis, sealedTokens, tokenContext } from './session.ts';

/** How long the user has to consent at the provider. */
export const STATE_LIFETIME_MS = 10 * 60_000;

/** The cookie that binds an authorization to the browser that started it. */
export const NONCE_COOKIE = 'rdv_oauth_nonce';
export const CALLBACK_PATH = '/api/calendar/callback';

/** The errors the settings page explains (the seed's troubleshooting list, and two of ours). */
export type ConnectError = 'state_expired' | 'invalid_state' | 'access_denied' | 'exchange_failed' | 'not_configured';

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const random = () => randomBytes(32).toString('base64url');

export function redirectUri(provider: CalendarProvider): string {
  const configured = provider === 'google' ? config().GOOGLE_REDIRECT_URI : config().MICROSOFT_REDIRECT_URI;
  return configured ?? `${config().SITE_URL}${CALLBACK_PATH}/${provider}`;
}

export const notConfigured = (provider: CalendarProvider) => new Unavailable(`${PROVIDER_NAMES[provider]} is not configured`);

/**
 * Starts an authorization: a single-use state (with the PKCE verifier and the hash of a browser
 * nonce) stored server-side for STATE_LIFETIME_MS. Returns the provider's URL and the cookie.
 */
export async function startAuthorization(userId: string, provider: CalendarProvider, now = new Date()) {
  const api = calendarApis[provider];
  if (!api.configured()) throw notConfigured(provider);
  const state = random();
  const codeVerifier = random();
  const nonce = random();
  await createOAuthState({
    state,
    userId,
    provider,
    codeVerifier,
    nonceHash: sha256(nonce).toString('base64url'),
    expiresAt: new Date(now.getTime() + STATE_LIFETIME_MS).toISOString(),
  });
  const url = api.authorizationUrl({ state, codeChallenge: sha256(codeVerifier).toString('base64url'), redirectUri: redirectUri(provider) });
  // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
  const cookie = `${NONCE_COOKIE}=${nonce}; Path=${CALLBACK_PATH}; Max-Age=${STATE_LIFETIME_MS / 1000}; HttpOnly; Secure; SameSite=Lax`;
  return { url, cookie };
}

/** Expires the nonce cookie (it was good for one callback). */
export const clearedNonceCookie = `${NONCE_COOKIE}=; Path=${CALLBACK_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;

export function settingsUrl(outcome: { connected: CalendarProvider } | { error: ConnectError }): string {
  const query = 'connected' in outcome ? `connected=${outcome.connected}` : `error=${outcome.error}`;
  return `${config().SITE_URL}/dashboard/calendar/settings?${query}`;
}

export interface CallbackInput {
  provider: CalendarProvider;
  code?: string;
  state?: string;
  error?: string;
  /** The nonce cookie the browser sent back. */
  nonce?: string;
}

function sameHash(nonce: string | undefined, expected: string): boolean {
  if (!nonce) return false;
  const actual = sha256(nonce);
  const wanted = Buffer.from(expected, 'base64url');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/**
 * The provider's redirect back. The state is consumed first (whatever happens next, it is spent),
 * then checked: same provider, same browser, not expired. Then the code is exchanged and the
 * connection stored, or updated when this user already connected this account (same id, same
 * event links: reconnecting never duplicates events). Returns where to send the browser.
 */
export async function completeAuthorization(input: CallbackInput, now = new Date()): Promise<{ location: string; connection?: ConnectionItem }> {
  const fail = (error: ConnectError) => ({ location: settingsUrl({ error }) });
  const stored = input.state ? await takeOAuthState(input.state) : undefined;
  if (!stored || stored.provider !== input.provider || !sameHash(input.nonce, stored.nonceHash)) return fail('invalid_state');
  if (Date.parse(stored.expiresAt) <= now.getTime()) return fail('state_expired');
  if (input.error) return fail(input.error === 'access_denied' ? 'access_denied' : 'exchange_failed');
  const api = calendarApis[input.provider];
  if (!api.configured()) return fail('not_configured');
  if (!input.code) return fail('exchange_failed');

  let granted;
  try {
    granted = await api.exchangeCode({ code: input.code, codeVerifier: stored.codeVerifier, redirectUri: redirectUri(input.provider) });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    logger.warn('calendar authorization failed at the token exchange', { provider: input.provider, reason: error.message });
    return fail('exchange_failed');
  }
  const { account, ...tokens } = granted;
  const existing = (await listConnections(stored.userId)).find((c) => c.provider === input.provider && c.email === account.email);
  const id = existing?.id ?? randomUUID();
  const key = { userId: stored.userId, id, provider: input.provider };
  const connection: ConnectionItem = {
    ...(existing ?? {}),
    ...key,
    email: account.email,
    calendarId: account.calendarId,
    ...(await sealedTokens(key, { ...tokens, refreshToken: tokens.refreshToken! })),
    isActive: true,
    status: 'active',
    lastError: undefined,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await putConnection(connection);
  // The first sync pushes the user's appointments and imports busy time right away.
  await enqueueCalendarSync([{ userId: stored.userId, connectionId: id, reason: 'connected' }]).catch((error: Error) =>
    logger.warn('first calendar sync not queued; the scheduled run will do it', { connectionId: id, error }),
  );
  return { location: settingsUrl({ connected: input.provider }), connection };
}

/** Disconnects: revokes the grant where the provider allows, then deletes the connection, its links and busy time. */
export async function disconnect(connection: ConnectionItem): Promise<void> {
  try {
    await stopConnectionChannel(new CalendarSession(connection));
  } catch (error) {
    logger.warn('push channel not stopped; it will expire on its own', { connectionId: connection.id, error: error as Error });
  }
  try {
    const { refreshToken } = await openTokens({ refreshToken: connection.refreshToken }, tokenContext(connection));
    await calendarApis[connection.provider].revoke(refreshToken);
  } catch (error) {
    // The user asked to disconnect: a provider that cannot be reached must not keep the tokens here.
    logger.warn('token revocation failed; the connection is deleted anyway', { connectionId: connection.id, provider: connection.provider, error: error as Error });
  }
  await deleteConnection(connection);
}

