import { connectionView } from '../../shared/calendar/connect.ts';
import { listConnections } from '../../shared/db/connections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/calendar'], {}, async ({ caller }) => ({
  data: (await listConnections(caller.id)).map(connectionView),
}));
