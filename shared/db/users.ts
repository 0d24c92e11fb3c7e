import type { Profile } from '../domain/profile.ts';
import type { Role } from '../domain/vocabulary.ts';
import { conflict } from '../http/errors.ts';
import { db } from './service.ts';

export async function getUser(id: string) {
  const { data } = await db().entities.user.get({ id }).go();
  return data;
}

export async function findUserByEmail(email: string) {
  const { data } = await db().entities.user.query.byEmail({ email: email.toLowerCase() }).go({ limit: 1 });
  return data[0]?.email === email.toLowerCase() ? data[0] : undefined;
}

/**
 * Creates a profile and its email claim in one transaction. Returns undefined when a profile with
 * this id already exists (a concurrent first call won); an email held by another profile is a 409.
 */
export async function createUser(profile: Profile) {
  const result = await db()
    .transaction.write(({ user, userEmail }) => [
      user.create(profile).commit({ response: 'all_old' }),
      userEmail.create({ email: profile.email, userId: profile.id }).commit({ response: 'all_old' }),
    ])
    .go();
  if (!result.canceled) return getUser(profile.id);
  const [userWrite, emailWrite] = result.data;
  if (userWrite?.rejected) return undefined;
  if (emailWrite?.rejected) throw conflict('This email address is already used by another profile');
  throw new Error(`Profile creation was cancelled: ${JSON.stringify(result.data)}`);
}

export async function setUserRole(id: string, role: Role) {
  const { data } = await db().entities.user.patch({ id }).set({ role }).go({ response: 'all_new' });
  return data;
}
