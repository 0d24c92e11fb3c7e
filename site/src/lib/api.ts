import type { ProfileResponse } from '../../../shared/api/profile.ts';
import { idToken, redirectToSignIn } from './session.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

/** Calls our API with the session's token; an expired session goes back to sign-in. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = await idToken();
  if (!token) {
    redirectToSignIn();
    throw new ApiError(401, 'Session expirée');
  }
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers, authorization: `Bearer ${token}` },
  });
  if (response.status === 401) {
    redirectToSignIn();
    throw new ApiError(401, 'Session expirée');
  }
  const payload = await response.json().catch(() => undefined);
  if (!response.ok || !payload?.success) {
    throw new ApiError(response.status, payload?.error ?? `Erreur HTTP ${response.status}`, payload?.details);
  }
  return payload.data as T;
}

export type Me = ProfileResponse;
