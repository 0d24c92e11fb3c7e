import { TokenDecryptError, openTokens, sealTokens, type TokenContext } from '../crypto/envelope.ts';
import { updateConnection, type ConnectionItem } from '../db/connections.ts';
import type { CalendarProvider } from '../domain/vocabulary.ts';
import { logger } from '../logger.ts';
import { google } from './google.ts';
import { ProviderError } from './http.ts';
import { microsoft } from './microsoft.ts';
import type { CalendarApi, OAuthTokens } from './provider.ts';

export const calendarApis: Record<CalendarProvider, CalendarApi> = { google, microsoft };

/** A token this close to its expiry is refreshed before use. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export const tokenContext = (connection: Pick<ConnectionItem, 'userId' | 'id' | 'provider'>): TokenContext => ({
  userId: connection.userId,
  connectionId: connection.id,
  provider: connection.provider,
});

/** Encrypts a grant's tokens for storage (one data key for both). */
export async function sealedTokens(connection: Pick<ConnectionItem, 'userId' | 'id' | 'provider'>, tokens: OAuthTokens & { refreshToken: string }) {
  const sealed = await sealTokens({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }, tokenContext(connection));
  return { ...sealed, expiresAt: tokens.expiresAt };
}

/** The user must reconnect: the provider refused the refresh token. The connection says so already. */
export class ReconnectRequired extends Error {
  override name = 'ReconnectRequired';
}

export const RECONNECT_MESSAGE = 'Access to the calendar was revoked or has expired: reconnect it.';

/**
 * Calls to a provider on behalf of one connection: decrypts its tokens once, refreshes the access
 * token before it expires (and once more when the provider answers 401), stores refreshed and
 * rotated tokens encrypted, and turns a refused refresh into `needs_reauth`.
 */
export class CalendarSession {
  readonly api: CalendarApi;
  private tokens?: Promise<{ accessToken: string; refreshToken: string }>;
  private expiresAt: string;

  constructor(readonly connection: ConnectionItem) {
    this.api = calendarApis[connection.provider];
    this.expiresAt = connection.expiresAt;
  }

  /** Runs `call` with a valid access token. */
  async call<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    this.tokens ??= this.open();
    if (Date.parse(this.expiresAt) - Date.now() < REFRESH_MARGIN_MS) await this.refresh();
    try {
      return await call((await this.tokens).accessToken);
    } catch (error) {
      if (!(error instanceof ProviderError && error.failure === 'unauthorized')) throw error;
      await this.refresh();
      return call((await this.tokens).accessToken);
    }
  }

  /** Stored tokens that no longer decrypt (a restored backup under another key) need a new consent, like a revoked grant. */
  private async open() {
    try {
      return await openTokens({ accessToken: this.connection.accessToken, refreshToken: this.connection.refreshToken }, tokenContext(this.connection));
    } catch (error) {
      if (!(error instanceof TokenDecryptError)) throw error;
      await updateConnection(this.connection, { status: 'needs_reauth', lastError: RECONNECT_MESSAGE });
      throw new ReconnectRequired(RECONNECT_MESSAGE);
    }
  }

  private async refresh(): Promise<void> {
    const { refreshToken } = await this.tokens!;
    let refreshed: OAuthTokens;
    try {
      refreshed = await this.api.refresh(refreshToken);
    } catch (error) {
      if (error instanceof ProviderError && (error.failure === 'invalid_grant' || error.failure === 'unauthorized')) {
        await updateConnection(this.connection, { status: 'needs_reauth', lastError: RECONNECT_MESSAGE });
        logger.warn('calendar connection needs reauthorization', { connectionId: this.connection.id, provider: this.connection.provider, reason: error.message });
        throw new ReconnectRequired(RECONNECT_MESSAGE);
      }
      throw error;
    }
    // Microsoft rotates the refresh token on every use; Google keeps the first one.
    const next = { accessToken: refreshed.accessToken, refreshToken: refreshed.refreshToken ?? refreshToken };
    const sealed = await sealedTokens(this.connection, { ...next, expiresAt: refreshed.expiresAt });
    await updateConnection(this.connection, sealed);
    this.tokens = Promise.resolve(next);
    this.expiresAt = refreshed.expiresAt;
  }
}
