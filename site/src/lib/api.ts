import type { ProfileResponse } from '../../../shared/api/profile.ts';
import { ACCOUNT_DISABLED } from '../../../shared/accounts/standing-messages.ts';
import { fieldProblems, humanRefusal, networkFailure, type Language } from './api-errors.ts';
import { idToken, redirectToSignIn, rememberProfile, signOut } from './session.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

export interface Envelope<T> {
  success: true;
  data: T;
  nextCursor?: string;
  message?: string;
}

/** The session is over (expired, refused, signed out elsewhere): the page is on its way to sign-in. */
export class SessionExpiredError extends ApiError {
  constructor() {
    super(401, 'Votre session a expiré, veuillez vous reconnecter.');
  }
}

/**
 * fetch with the session's token. A token the API refuses is renewed once with the refresh
 * token and the request replayed; a session that cannot be renewed goes back to sign-in (and
 * then here) and the call fails with SessionExpiredError.
 */
async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (token: string) =>
    fetch(`/api${path}`, {
      ...init,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers, authorization: `Bearer ${token}` },
    });
  let token = await idToken();
  let response = token ? await send(token) : undefined;
  if (response?.status === 401) {
    token = await idToken({ force: true });
    response = token ? await send(token) : undefined;
  }
  if (!response || response.status === 401) {
    redirectToSignIn();
    throw new SessionExpiredError();
  }
  if (response.status === 403 && (await response.clone().json().catch(() => undefined))?.error === ACCOUNT_DISABLED) {
    // An admin disabled this account while it was signed in: the session ends here.
    signOut({ disabled: true });
    throw new SessionExpiredError();
  }
  return response;
}

/** Calls our API with the session's token and returns the whole envelope; an expired session goes back to sign-in. */
export async function apiEnvelope<T>(path: string, init: RequestInit = {}): Promise<Envelope<T>> {
  const response = await authorizedFetch(path, init);
  const payload = await response.json().catch(() => undefined);
  if (!response.ok || !payload?.success) {
    throw new ApiError(response.status, payload?.error ?? `Erreur HTTP ${response.status}`, payload?.details);
  }
  // Whatever read or changed the profile (sign-in, the profile page, an e-mail change) leaves it for the next page's frame.
  if (path === '/me' && (init.method ?? 'GET') !== 'DELETE') rememberProfile(payload.data);
  return payload as Envelope<T>;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await apiEnvelope<T>(path, init)).data;
}

/** Downloads a non-JSON response (CSV export) with the session's token. */
export async function apiDownload(path: string): Promise<Blob> {
  const response = await authorizedFetch(path);
  if (!response.ok) {
    const payload = await response.json().catch(() => undefined);
    throw new ApiError(response.status, payload?.error ?? `HTTP ${response.status}`);
  }
  return response.blob();
}

export type Me = ProfileResponse;

/** The language of the page being shown: French client pages, English admin pages (Base.astro, AppShell). */
export const pageLanguage = (): Language => (typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'fr');

/**
 * Any failure of a call as one line for a toast or a form, in the page's language and never in the
 * API's developer wording (lib/api-errors.ts). The session's own messages are already the page's.
 */
export function describeApiError(error: unknown, language: Language = pageLanguage()): string {
  if (error instanceof SessionExpiredError) return error.message;
  if (error instanceof ApiError) return humanRefusal(error, language);
  return networkFailure(language);
}

/** Each field's problem in the page's language, keyed by field name: for messages beside the fields. */
export function describeFieldErrors(error: unknown, language: Language = pageLanguage()): Record<string, string> {
  return error instanceof ApiError && error.status === 400 ? fieldProblems(error, language) : {};
}
