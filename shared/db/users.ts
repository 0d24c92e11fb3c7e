import { utcBound } from './instants.ts';
import { config, isIanaTimeZone } from '../config.ts';
import { profileFromClaims, roleFor, type Profile } from '../domain/profile.ts';
import type { AccountChange, Locale, Role } from '../domain/vocabulary.ts';
import type { Caller } from '../caller.ts';
import { Conflict } from '../errors.ts';
import { assertCursorFits } from './cursor.ts';
import { batchGetAll } from './batch.ts';
import { createWriteTransaction } from './electrodb.ts';
import { db } from './service.ts';

/** What the HTTP chain checks on every signed-in request (shared/accounts/standing.ts): two attributes of one item. */
export async function getStanding(id: string) {
  const { data } = await db().entities.user.get({ id }).go({ attributes: ['disabled', 'signInChangedAt'] });
  return data;
}

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
  const result = await createWriteTransaction(db().pick('user', 'userEmail'), ({ user, userEmail }) => [
    user.create(profile).commit({ response: 'all_old' }),
    userEmail.create({ email: profile.email, userId: profile.id }).commit({ response: 'all_old' }),
  ]).go();
  if (!result.canceled) return getUser(profile.id);
  const [userWrite, emailWrite] = result.data;
  if (userWrite?.rejected) return undefined;
  if (emailWrite?.rejected) throw new Conflict('This email address is already used by another profile');
  throw new Error(`Profile creation was cancelled: ${JSON.stringify(result.data)}`);
}

export async function setUserRole(id: string, role: Role) {
  const { data } = await db().entities.user.patch({ id }).set({ role }).go({ response: 'all_new' });
  return data;
}

/**
 * The caller's profile, created from the token's claims on first use; its role follows the
 * Cognito group at every call. In AWS the PostConfirmation trigger
 * (functions/events/create-profile-on-sign-up.ts) creates it at sign-up through this same
 * function; the creation here stays as the fallback: for users made by AdminCreateUser (no
 * trigger runs for them), under cognito-local (`npm start`, the tests: no triggers), and after a
 * trigger that failed. `read` is the profile the caller already fetched (null: missing), so no
 * second read is made.
 */
export async function ensureProfile(caller: Caller, read?: { stored: Awaited<ReturnType<typeof getUser>> }) {
  let profile = read ? read.stored : await getUser(caller.id);
  if (!profile) {
    const fresh = profileFromClaims(caller, { timezone: config().DEFAULT_TIMEZONE, isValidTimeZone: isIanaTimeZone });
    // undefined: a concurrent first call created it; read the winner's copy.
    profile = (await createUser(fresh).catch((error: unknown) => adoptOnConflict(error, caller, fresh))) ?? (await getUser(caller.id));
  }
  if (!profile) throw new Error(`Profile ${caller.id} vanished right after creation`);
  const role = roleFor(caller.isAdmin);
  if (profile.role !== role) profile = { ...profile, ...(await setUserRole(caller.id, role)) };
  // The pool keeps the original address until a new one is verified: a verified claim that differs
  // is the person's new address (the token's claim is never taken before that).
  const claimed = caller.email.toLowerCase();
  // An address another profile holds stays with it: this one keeps its own rather than fail every call.
  if (claimed && claimed !== profile.email && String(caller.claims.email_verified) === 'true') {
    const moved = await changeProfileEmail(caller.id, profile.email, claimed).catch((error: unknown) => {
      if (error instanceof Conflict) return {};
      throw error;
    });
    profile = { ...profile, ...moved };
  }
  return profile;
}

/**
 * The address is held by a profile a public booking made for a visitor without sign-in (`guest`):
 * the person who now signed up with it, once Cognito has verified that it is theirs, takes it over
 * with its appointments. Any other holder keeps the conflict.
 */
async function adoptOnConflict(error: unknown, caller: Caller, fresh: Profile) {
  if (!(error instanceof Conflict) || String(caller.claims.email_verified) !== 'true') throw error;
  const guest = await findUserByEmail(fresh.email);
  if (!guest?.guest) throw error;
  await adoptGuestProfile(guest, fresh);
  return getUser(fresh.id);
}

/**
 * Gives a guest profile's appointments to the account that signed up with its address, then
 * replaces the guest profile by the account's (its name and phone kept where the sign-up gave
 * none), the address's claim moving in the same transaction. Each appointment is rewritten like
 * any change of owner (its schedule holds move with it). Safe to repeat: a run cut short leaves
 * the guest profile in place, and the next sign-in moves what is left.
 */
export async function adoptGuestProfile(guest: NonNullable<Awaited<ReturnType<typeof getUser>>>, fresh: Profile): Promise<void> {
  // Loaded here only: every signed-in request reads this module (standing), few ever adopt.
  const { commitAppointment } = await import('./appointment-transaction.ts');
  const { data: owned } = await db().entities.appointment.query.byOwner({ userId: guest.id }).go({ pages: 'all' });
  for (const appointment of owned) await commitAppointment(appointment, { ...appointment, userId: fresh.id });
  const merged = {
    ...fresh,
    firstName: fresh.firstName ?? guest.firstName,
    lastName: fresh.lastName ?? guest.lastName,
    phone: fresh.phone ?? guest.phone,
  };
  const result = await createWriteTransaction(db().pick('user', 'userEmail'), ({ user, userEmail }) => [
      user.delete({ id: guest.id }).where((attr, op) => op.eq(attr.guest, true)).commit(),
      userEmail
        .put({ email: fresh.email, userId: fresh.id })
        .where((attr, op) => op.eq(attr.userId, guest.id))
        .commit(),
      user.create(Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as unknown as Profile).commit(),
    ]).go();
  if (result.canceled) throw new Conflict('This email address is already used by another profile');
}

/**
 * Moves a profile to a new e-mail address with its uniqueness claim, in one transaction. An address
 * another profile holds is a conflict (Cognito allows it only for an account made before ours).
 */
export async function changeProfileEmail(id: string, from: string, to: string) {
  const result = await createWriteTransaction(db().pick('user', 'userEmail'), ({ user, userEmail }) => [
    user.patch({ id }).set({ email: to }).where((attr, op) => op.eq(attr.email, from)).commit(),
    userEmail.delete({ email: from }).commit(),
    userEmail.create({ email: to, userId: id }).commit({ response: 'all_old' }),
  ]).go();
  if (result.canceled) {
    if (result.data[2]?.rejected) throw new Conflict('This email address is already used by another profile');
    throw new Conflict('The profile changed at the same time: try again');
  }
  return { email: to };
}

/** Profiles by id, in ONE BatchGetItem (missing ids are simply absent). */
export async function getUsers(ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, NonNullable<Awaited<ReturnType<typeof getUser>>>>();
  const data = await batchGetAll((keys) => db().entities.user.get(keys).go(), unique.map((id) => ({ id })));
  return new Map(data.map((user) => [user.id, user]));
}

/**
 * Clients whose email starts with `prefix` (exact match first when there is one): the request
 * dialog's lookup, so admins are filtered out on the server. `count` pages on until `limit`
 * clients are found: one Query unless admins fill the first MB of the prefix range.
 */
export async function findClientsByEmailPrefix(prefix: string, limit: number) {
  const { data } = await db()
    .entities.user.query.byEmail({})
    .begins({ email: prefix.toLowerCase() })
    .where((attr, op) => op.eq(attr.role, 'client'))
    .go({ count: limit });
  return data;
}

/** Deletes the profile (as read: none, nothing to do) and its email claim together. */
export async function deleteUser(user: { id: string; email: string } | null): Promise<void> {
  if (!user) return;
  const { id } = user;
  await createWriteTransaction(db().pick('user', 'userEmail'), ({ user: users, userEmail }) => [
    users.delete({ id }).commit(),
    userEmail.delete({ email: user.email }).commit(),
  ]).go();
}

/** Every admin's profile (the `user.byRole` index, paged): who hears about unassigned requests. */
export async function listAdmins() {
  const { data } = await db().entities.user.query.byRole({ role: 'admin' }).go({ pages: 'all' });
  return data;
}

/** The profile fields a user may change; null (or "") clears a name or the phone. */
export interface ProfileChanges {
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  timezone?: string;
  locale?: Locale;
  emailNotifications?: boolean;
}

/** Applies the changes to an existing profile in one UpdateItem; returns the whole profile after it. */
export async function updateProfile(id: string, changes: ProfileChanges) {
  const set: Omit<ProfileChanges, 'firstName' | 'lastName' | 'phone'> & { firstName?: string; lastName?: string; phone?: string } = {};
  const remove: Array<'firstName' | 'lastName' | 'phone'> = [];
  for (const [field, value] of Object.entries(changes) as Array<[keyof ProfileChanges, unknown]>) {
    if (value === undefined) continue;
    if (value === null || value === '') remove.push(field as (typeof remove)[number]);
    else (set as Record<string, unknown>)[field] = value;
  }
  let update = db().entities.user.patch({ id }).set(set);
  if (remove.length > 0) update = update.remove(remove);
  const { data } = await update.go({ response: 'all_new' });
  return data;
}

/** One page of profiles in e-mail order: the byEmail index holds every profile in one partition. */
export async function pageProfilesByEmail(page: { limit: number; cursor?: string }) {
  const query = db().entities.user.query.byEmail({});
  assertCursorFits(page.cursor, db().entities.user, 'byEmail', query.params());
  const { data, cursor } = await query.go({ limit: page.limit, cursor: page.cursor ?? null });
  return { items: data, nextCursor: cursor ?? undefined };
}

export interface AccountChangeEntry {
  at: string;
  action: AccountChange;
  byId: string;
  byName: string;
}

/**
 * An admin's change to what a person may do (role, access), recorded on the profile with who and
 * when, in one UpdateItem. Tokens issued before it are refused from now on (signInChangedAt).
 */
export async function changeAccountStanding(id: string, standing: { role?: Role; disabled?: boolean }, entry: AccountChangeEntry) {
  const { data } = await db()
    .entities.user.patch({ id })
    .set({ ...standing, signInChangedAt: Math.floor(Date.parse(entry.at) / 1000) })
    .append({ accountChanges: [entry] })
    .go({ response: 'all_new' });
  return data;
}

/** How many appointments the user has as client starting from `now` (the Organization page's flag). */
export async function countUpcomingAppointments(userId: string, now: string): Promise<number> {
  const { data } = await db()
    .entities.appointment.query.byOwner({ userId })
    .gte({ startTime: utcBound(now, 'now') })
    .where((attr, op) => `${op.ne(attr.status, 'cancelled')} AND ${op.ne(attr.status, 'completed')}`)
    .go({ pages: 'all', attributes: ['id'] });
  return data.length;
}

/** Start of the user's latest appointment (as client) that began before `now`, any status but cancelled. */
export async function lastAppointmentStart(userId: string, now: string): Promise<string | undefined> {
  const { data } = await db()
    .entities.appointment.query.byOwner({ userId })
    .lt({ startTime: utcBound(now, 'now') })
    .where((attr, op) => op.ne(attr.status, 'cancelled'))
    .go({ order: 'desc', count: 1, attributes: ['startTime'] });
  return data[0]?.startTime;
}
