import { ADMIN_GROUP } from './domain/vocabulary.ts';

/**
 * Who is acting: the signed-in person a use case works for, made from the claims of their
 * Cognito ID token (by the HTTP chain; by the sign-up trigger from the same attributes).
 */
export interface Caller {
  id: string;
  email: string;
  isAdmin: boolean;
  claims: Readonly<Record<string, unknown>>;
}

/**
 * API Gateway HTTP APIs hand array claims to Lambda as one string, "[admin editors]"; tests and
 * other callers may pass a real array or a comma-separated list. All three mean the same groups.
 */
export function parseGroupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The caller of a payload-2.0 event, or undefined when the route had no authorizer or no token. */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub.length === 0) return undefined;
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : '';
  return { id: sub, email, isAdmin: parseGroupsClaim(claims['cognito:groups']).includes(ADMIN_GROUP), claims };
}
