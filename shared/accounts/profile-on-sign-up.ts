import { signInGroups } from '../auth/accounts.ts';
import { callerFromClaims } from '../caller.ts';
import { ensureProfile } from '../db/users.ts';

/**
 * The profile of someone who just confirmed their sign-up, created exactly as their first
 * `GET /api/me` would create it, from the claims their ID token will carry: their attributes
 * (Cognito names them as the token's claims) and their groups, so the role follows `admin`.
 */
export async function createProfileOnSignUp(signUp: { userPoolId: string; userName: string; attributes: Record<string, string> }) {
  const groups = await signInGroups(signUp.userPoolId, signUp.userName);
  const caller = callerFromClaims({ ...signUp.attributes, 'cognito:groups': groups });
  if (!caller?.email) throw new Error('the confirmed user has no sub or no email attribute');
  return ensureProfile(caller);
}
