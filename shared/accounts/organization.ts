import type { InviteBody, OrganizationQuery } from '../api/organization.ts';
import { ACCOUNT_EXISTS, inviteSignIn, setSignInAdmin, setSignInEnabled } from '../auth/accounts.ts';
import type { Caller } from '../caller.ts';
import {
  changeAccountStanding,
  type AccountChangeEntry,
  countUpcomingAppointments,
  createUser,
  findUserByEmail,
  getUser,
  lastAppointmentStart,
  listAdmins,
  pageProfilesByEmail,
} from '../db/users.ts';
import { displayName, type Profile } from '../domain/profile.ts';
import type { AccountChange, Role } from '../domain/vocabulary.ts';
import { config } from '../config.ts';
import { Conflict, NotFound } from '../errors.ts';
import { foldForSearch } from '../domain/search.ts';

/** The Organization page's use cases: every account, invitations, roles and access (admins only). */

export const USER_NOT_FOUND = 'User not found';
export const LAST_ADMIN = 'You are the only admin: make someone else an admin before removing your own admin role';
export const NOT_YOURSELF = 'You cannot disable your own account';

type StoredProfile = NonNullable<Awaited<ReturnType<typeof getUser>>>;

const folded = foldForSearch;

const matches = (user: StoredProfile, query: OrganizationQuery) =>
  (!query.role || user.role === query.role) &&
  (!query.status || (query.status === 'disabled') === Boolean(user.disabled)) &&
  (!query.q || folded([user.firstName, user.lastName, user.email].filter(Boolean).join(' ')).includes(folded(query.q)));

/** How many index items one call reads at most before it answers with what it found (and a cursor). */
const PAGES_PER_CALL = 8;

const row = (user: StoredProfile, lastAppointmentAt: string | undefined) => ({
  ...user,
  status: user.disabled ? ('disabled' as const) : ('active' as const),
  lastAppointmentAt,
});

/**
 * Accounts in e-mail order, filtered by role, status and a search on name and e-mail (case and
 * accents ignored). The filter runs here, not in DynamoDB (which compares bytes): index pages of
 * `limit` profiles are read while their matches fit in the answer, for a few pages at most. A page
 * whose matches would not fit is left for the next call (the cursor points before it), so nothing
 * is skipped; a page may hold fewer than `limit` accounts and still have a next one.
 */
export async function listOrganization(query: OrganizationQuery, now: string) {
  const found: StoredProfile[] = [];
  let cursor = query.cursor;
  for (let pages = 0; pages < PAGES_PER_CALL; pages++) {
    const page = await pageProfilesByEmail({ limit: query.limit, cursor });
    const matching = page.items.filter((user) => matches(user, query));
    if (found.length + matching.length > query.limit) break;
    found.push(...matching);
    cursor = page.nextCursor;
    if (!cursor || found.length === query.limit) break;
  }
  const last = await Promise.all(found.map((user) => lastAppointmentStart(user.id, now)));
  return { rows: found.map((user, n) => row(user, last[n])), nextCursor: cursor };
}

/** One account with the changes admins made to it and how many appointments of theirs are to come. */
export async function organizationUser(id: string, now: string) {
  const user = await getUser(id);
  if (!user) throw new NotFound(USER_NOT_FOUND);
  const [lastAppointmentAt, upcomingAppointments] = await Promise.all([lastAppointmentStart(id, now), countUpcomingAppointments(id, now)]);
  return { ...row(user, lastAppointmentAt), accountChanges: user.accountChanges ?? [], upcomingAppointments };
}

/** The record of a change: what, when, and which admin (by name as it reads today). */
async function changeBy(action: AccountChange, caller: Caller, now: string): Promise<AccountChangeEntry> {
  const actor = await getUser(caller.id);
  return { at: now, action, byId: caller.id, byName: actor ? displayName(actor) : caller.email };
}

/**
 * Invites someone by e-mail: a sign-in account (Cognito e-mails the link and a temporary password
 * in their language: English for an admin, French for a client, like the pages they will use) and
 * their profile, so they are in the list before they first sign in.
 */
export async function inviteUser(invitation: InviteBody, caller: Caller, now: string) {
  if (await findUserByEmail(invitation.email)) throw new Conflict(ACCOUNT_EXISTS);
  const locale = invitation.role === 'admin' ? 'en' : 'fr';
  const id = await inviteSignIn({ ...invitation, locale, admin: invitation.role === 'admin' });
  const profile: Profile = {
    id,
    email: invitation.email,
    firstName: invitation.firstName || undefined,
    lastName: invitation.lastName || undefined,
    timezone: config().DEFAULT_TIMEZONE,
    locale,
    role: invitation.role,
  };
  await createUser(profile);
  const invited = await changeAccountStanding(id, {}, await changeBy('invited', caller, now));
  return row(invited as StoredProfile, undefined);
}

/**
 * Makes someone an admin or a client (the Cognito group and the profile). Removing one's own admin
 * role is refused while nobody else is an admin: the organization would have none left.
 */
export async function changeRole(id: string, role: Role, caller: Caller, now: string) {
  const user = await getUser(id);
  if (!user) throw new NotFound(USER_NOT_FOUND);
  if (user.role === role) return row(user, undefined);
  if (role === 'client' && id === caller.id && (await listAdmins()).filter((admin) => !admin.disabled).length <= 1) throw new Conflict(LAST_ADMIN);
  await setSignInAdmin(id, role === 'admin');
  const changed = await changeAccountStanding(id, { role }, await changeBy(role === 'admin' ? 'promoted' : 'demoted', caller, now));
  return row(changed as StoredProfile, undefined);
}

/**
 * Lets someone sign in again or stops them: a disabled person cannot sign in, and the API refuses
 * the token they still hold (shared/accounts/standing.ts). Their appointments stay as they are,
 * flagged for admins. An admin cannot disable themselves.
 */
export async function setEnabled(id: string, enabled: boolean, caller: Caller, now: string) {
  const user = await getUser(id);
  if (!user) throw new NotFound(USER_NOT_FOUND);
  if (!enabled && id === caller.id) throw new Conflict(NOT_YOURSELF);
  if (!user.disabled === enabled) return row(user, undefined);
  await setSignInEnabled(id, enabled);
  const changed = await changeAccountStanding(id, { disabled: !enabled }, await changeBy(enabled ? 'enabled' : 'disabled', caller, now));
  return row(changed as StoredProfile, undefined);
}
