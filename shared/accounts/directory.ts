import { findClientsByEmailPrefix, listAdmins } from '../db/users.ts';
import { displayName } from '../domain/profile.ts';

/** Registered clients (never admins) whose e-mail starts with `prefix`: the admin request dialog's lookup. */
export function findClients(prefix: string, limit: number) {
  return findClientsByEmailPrefix(prefix, limit);
}

/** Every admin (id, display name, e-mail), by name: whom an appointment can be assigned to. */
export async function assignableAdmins() {
  const admins = await listAdmins();
  return admins
    .map((user) => ({ id: user.id, name: displayName(user), email: user.email }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email));
}
