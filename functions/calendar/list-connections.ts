import { myConnections } from '../../shared/connections/calendar-connections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/calendar.ts';

export const handler = httpHandler(routes['GET /api/calendar'], async ({ caller }) => ({ data: await myConnections(caller) }));
