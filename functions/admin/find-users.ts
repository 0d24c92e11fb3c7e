import { clientLookupView, pickFields } from '../../shared/api/views.ts';
import { findClients } from '../../shared/accounts/directory.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

export const handler = httpHandler(routes['GET /api/admin/users'], async ({ query }) => ({ data: (await findClients(query.email, query.limit)).map((user) => pickFields(clientLookupView, user)) }));
