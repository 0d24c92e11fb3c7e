import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { queryAppointments } from '../../shared/db/appointments.ts';
import { withPeopleAndProducts } from '../../shared/db/embeds.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/admin/appointments'], requestSchemas['GET /api/admin/appointments'], async ({ caller, query }) => {
  const { limit, cursor, assignedAdminId, q, ...filters } = query;
  const page = await queryAppointments(
    assignedAdminId ? { index: 'byAdmin', assignedAdminId } : { index: 'byTime' },
    { ...filters, q: q?.toLowerCase() },
    { limit, cursor },
  );
  const rows = await withPeopleAndProducts(page.items);
  return {
    data: rows.map(({ appointment, ...embeds }) => ({ ...appointmentView(appointment, caller), ...embeds })),
    nextCursor: page.nextCursor,
  };
});
