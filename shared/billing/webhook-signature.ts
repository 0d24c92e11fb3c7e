import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * Lago's two webhook signatures (X-Lago-Signature, X-Lago-Signature-Algorithm), checked on the
 * raw body exactly as received:
 * - `hmac`: base64 of HMAC-SHA256(raw body) with the organisation's HMAC key;
 * - `jwt`: an RS256 JWT signed with Lago's private key whose `data` claim is the raw body and whose
 *   `iss` is the Lago API URL.
 * Pure functions: where the keys come from is the caller's business.
 */

export type SignatureVerdict = { valid: true } | { valid: false; reason: string };

const refuse = (reason: string): SignatureVerdict => ({ valid: false, reason });

export function verifyHmac(rawBody: Buffer, signature: string, key: string): SignatureVerdict {
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  // Same length first (timingSafeEqual demands it); the digest length is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('HMAC mismatch');
  return { valid: true };
}

/** Lago's RSA public key, as PEM or as Lago serves it (base64 of the PEM). */
export function parsePublicKey(text: string): KeyObject {
  const pem = text.includes('-----BEGIN') ? text : Buffer.from(text, 'base64').toString('utf8');
  return createPublicKey(pem.replace(/\\n/g, '\n'));
}

const base64url = (part: string) => Buffer.from(part, 'base64url');

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(base64url(part).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The issuers a JWT may name: Lago signs with its own base URL, with or without /api/v1. */
export function acceptedIssuers(lagoApiUrl: string): string[] {
  const base = lagoApiUrl.replace(/\/+$/, '');
  return [...new Set([base, base.replace(/\/api\/v1$/, '')])];
}

export function verifyJwt(rawBody: Buffer, token: string, publicKey: KeyObject, issuers: readonly string[]): SignatureVerdict {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return refuse('not a JWT');
  const [head, claims, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  // Only RS256: "none" or HS256 with the public key as secret would let anyone sign.
  if (header?.alg !== 'RS256') return refuse(`algorithm ${String(header?.alg)} is not RS256`);
  if (!verify('RSA-SHA256', Buffer.from(`${head}.${claims}`), publicKey, base64url(signature))) return refuse('RS256 signature mismatch');
  const payload = decodeJson(claims);
  if (typeof payload?.data !== 'string' || !timingSafeEqualText(payload.data, rawBody)) return refuse('the data claim is not the body');
  const iss = typeof payload.iss === 'string' ? payload.iss.replace(/\/+$/, '') : undefined;
  if (!iss || !issuers.includes(iss)) return refuse(`issuer ${String(payload.iss)} is not the Lago API`);
  return { valid: true };
}

function timingSafeEqualText(text: string, body: Buffer): boolean {
  const given = Buffer.from(text, 'utf8');
  return given.length === body.length && timingSafeEqual(given, body);
}
