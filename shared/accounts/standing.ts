import type { Caller } from '../caller.ts';
import { getStanding } from '../db/users.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { ACCOUNT_DISABLED, SESSION_OUTDATED } from './standing-messages.ts';

/**
 * Whether the caller's token still speaks for them. An ID token stays valid for up to an hour
 * whatever happens to the account, so every signed-in request checks the profile: a disabled
 * account is refused (403), and a token issued before the last change to the person's role or
 * access is refused as outdated (401: the site renews the token, which then carries the change).
 * A caller without a profile yet has had no such change. One GetItem of two attributes per request
 * (docs/ACCESS_PATTERNS.md).
 */
export async function checkStanding(caller: Caller): Promise<void> {
  const profile = await getStanding(caller.id);
  if (!profile) return;
  if (profile.disabled) throw new Forbidden(ACCOUNT_DISABLED);
  const issuedAt = Number(caller.claims.iat);
  if (profile.signInChangedAt !== undefined && Number.isFinite(issuedAt) && issuedAt < profile.signInChangedAt) {
    throw new Unauthenticated(SESSION_OUTDATED);
  }
}
