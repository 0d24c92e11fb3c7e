import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { queryAppointments } from '../../shared/db/appointments.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/appointments'], requestSchemas['GET /api/appointments'], async ({ caller, query }) => {
  const { limit, cursor, ...filters } = query;
  const page = await queryAppointments({ index: 'byOwner', userId: caller.id }, filters, { limit, cursor });
  return { data: page.items.map((item) => appointmentView(item, caller)), nextCursor: page.nextCursor };
});
