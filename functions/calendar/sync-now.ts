import { syncNow } from '../../shared/connections/calendar-connections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/calendar.ts';

export const handler = httpHandler(routes['POST /api/calendar/sync'], async ({ caller, query }) => {
  await syncNow(caller, query.id, new Date());
  return { status: 202, data: { queued: true } };
});
