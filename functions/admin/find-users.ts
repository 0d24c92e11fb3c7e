import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { findClientsByEmailPrefix } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/admin/users'], requestSchemas['GET /api/admin/users'], async ({ query }) => {
  const users = await findClientsByEmailPrefix(query.email, query.limit);
  return {
    data: users.map(({ id, email, firstName, lastName, role, timezone }) => ({ id, email, firstName, lastName, role, timezone })),
  };
});
