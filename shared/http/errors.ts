import type { ErrorKind } from '../errors.ts';

/**
 * THE table from a domain error's kind to its HTTP status (shared/errors.ts). The compiler checks
 * that every kind has one. A client can cause a 4xx, never a 500: only `failed` is ours.
 */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  expired: 410,
  too_many_requests: 429,
  failed: 500,
  provider_unavailable: 502,
  unavailable: 503,
  busy: 503,
};
