import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { disconnect } from '../../shared/calendar/connect.ts';
import { getConnectionOf } from '../../shared/db/connections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['DELETE /api/calendar'], requestSchemas['DELETE /api/calendar'], async ({ caller, query }) => {
  await disconnect(await getConnectionOf(caller.id, query.id));
  return { data: { id: query.id, disconnected: true } };
});
