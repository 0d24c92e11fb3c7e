import { findClients } from '../../shared/accounts/directory.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

export const handler = httpHandler(routes['GET /api/admin/users'], async ({ query }) => ({ data: await findClients(query.email, query.limit) }));
