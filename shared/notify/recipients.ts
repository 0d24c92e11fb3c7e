import { getUsers, listAdmins, type getUser } from '../db/users.ts';
import { displayName } from '../domain/profile.ts';
import type { Locale } from '../domain/vocabulary.ts';

/** Someone an email may go to, from their profile. */
export interface Person {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  timezone: string;
  emailNotifications: boolean;
  /** A visitor who booked without an account (public booking): their e-mails link to a manage page, not to a dashboard they cannot open. */
  guest?: boolean;
}

type Profile = NonNullable<Awaited<ReturnType<typeof getUser>>>;

const toPerson = (user: Profile): Person => ({
  id: user.id,
  email: user.email,
  name: displayName(user),
  locale: user.locale,
  timezone: user.timezone,
  emailNotifications: user.emailNotifications,
  ...(user.guest ? { guest: true } : {}),
});

/**
 * Profiles looked up once per run: one BatchGetItem for the ids asked for up front, and the
 * admin list (`user.byRole`) only when an unassigned appointment needs it.
 */
export class People {
  private readonly known = new Map<string, Person | undefined>();
  private admins?: Promise<Person[]>;

  async load(ids: Iterable<string | undefined>): Promise<void> {
    const missing = [...new Set([...ids].filter((id): id is string => !!id && !this.known.has(id)))];
    if (missing.length === 0) return;
    const users = await getUsers(missing);
    for (const id of missing) {
      const user = users.get(id);
      this.known.set(id, user ? toPerson(user) : undefined);
    }
  }

  /** A loaded profile; undefined when it does not exist (e.g. an erased account). */
  get(id: string | undefined): Person | undefined {
    return id ? this.known.get(id) : undefined;
  }

  allAdmins(): Promise<Person[]> {
    this.admins ??= listAdmins().then((users) => users.map(toPerson));
    return this.admins;
  }
}
