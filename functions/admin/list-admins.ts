import { listAdmins } from '../../shared/db/users.ts';
import { displayName } from '../../shared/domain/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/** Every admin (id, display name, email), by name: whom an appointment can be assigned to. */
export const handler = httpHandler(routes['GET /api/admin/admins'], {}, async () => {
  const admins = await listAdmins();
  return {
    data: admins
      .map((user) => ({ id: user.id, name: displayName(user), email: user.email }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email)),
  };
});
