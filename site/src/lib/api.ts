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

export interface Envelope<T> {
  success: true;
  data: T;
  nextCursor?: string;
  message?: string;
}

/** Calls our API with the session's token and returns the whole envelope; an expired session goes back to sign-in. */
export async function apiEnvelope<T>(path: string, init: RequestInit = {}): Promise<Envelope<T>> {
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
  return payload as Envelope<T>;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await apiEnvelope<T>(path, init)).data;
}

/** Downloads a non-JSON response (CSV export) with the session's token. */
export async function apiDownload(path: string): Promise<Blob> {
  const token = await idToken();
  if (!token) {
    redirectToSignIn();
    throw new ApiError(401, 'Session expirée');
  }
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
  return response.blob();
}

export type Me = ProfileResponse;

/** An API error as one line for a toast or a form: the field-level details when there are some. */
export function describeApiError(error: unknown): string {
  const details = error instanceof ApiError ? (error.details as Array<{ path?: string; message?: string }> | undefined) : undefined;
  if (details?.length) return details.map((d) => `${String(d.path ?? '').replace(/^body\./, '')}: ${d.message ?? ''}`).join(' · ');
  return (error as Error).message;
}
