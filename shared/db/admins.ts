import { badRequest } from '../http/errors.ts';
import { getUser } from './users.ts';

/** An appointment can be assigned only to someone whose profile is an admin's. */
export async function assertAssignableAdmin(id: string): Promise<void> {
  const user = await getUser(id);
  if (user?.role !== 'admin') throw badRequest('Invalid request: assignedAdminId: no admin has this id');
}
