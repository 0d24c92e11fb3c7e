import { InvalidInput } from '../errors.ts';
import { getUser } from './users.ts';

/** An appointment can be assigned only to someone whose profile is an admin's (the profile as read). */
export function checkAssignableAdmin(profile: { role?: string } | null | undefined): void {
  if (profile?.role !== 'admin') throw new InvalidInput('Invalid request: assignedAdminId: no admin has this id');
}

/** checkAssignableAdmin, reading the profile of `id`. */
export async function assertAssignableAdmin(id: string): Promise<void> {
  checkAssignableAdmin(await getUser(id));
}
