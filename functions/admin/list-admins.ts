import { assignableAdmins } from '../../shared/accounts/directory.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

/** Every admin (id, display name, email), by name: whom an appointment can be assigned to. */
export const handler = httpHandler(routes['GET /api/admin/admins'], async () => ({ data: await assignableAdmins() }));
