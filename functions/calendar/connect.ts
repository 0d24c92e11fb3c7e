import { startAuthorization } from '../../shared/calendar/connect.ts';
import { successResponse } from '../../shared/http/envelope.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/calendar.ts';

export const handler = httpHandler(routes['GET /api/calendar/connect'], async ({ caller, query }) => {
  const { url, cookie } = await startAuthorization(caller.id, query.provider);
  return { raw: { ...successResponse({ data: { url } }), cookies: [cookie] } };
});
