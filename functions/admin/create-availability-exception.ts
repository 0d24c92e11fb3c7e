import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { createException } from '../../shared/db/exceptions.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/admin/availability/exceptions'], requestSchemas['POST /api/admin/availability/exceptions'], async ({ caller, body }) => {
  const owner = await ensureProfile(caller);
  return { status: 201, data: await createException(owner, body) };
});
