import { disconnectMine } from '../../shared/connections/calendar-connections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/calendar.ts';

export const handler = httpHandler(routes['DELETE /api/calendar'], async ({ caller, query }) => {
  await disconnectMine(caller, query.id);
  return { data: { id: query.id, disconnected: true } };
});
