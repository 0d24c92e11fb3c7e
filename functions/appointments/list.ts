import { appointmentView } from '../../shared/api/appointment-view.ts';
import { myAppointments } from '../../shared/appointments/list-appointments.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['GET /api/appointments'], async ({ caller, query }) => {
  const { limit, cursor, ...filters } = query;
  const page = await myAppointments(caller, filters, { limit, cursor });
  return { data: page.items.map((item) => appointmentView(item, caller)), nextCursor: page.nextCursor };
});
