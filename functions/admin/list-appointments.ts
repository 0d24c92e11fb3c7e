import { adminListRow } from '../../shared/api/appointment-view.ts';
import { teamAppointments } from '../../shared/appointments/list-appointments.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

export const handler = httpHandler(routes['GET /api/admin/appointments'], async ({ caller, query }) => {
  const { limit, cursor, ...filters } = query;
  const { rows, nextCursor } = await teamAppointments(filters, { limit, cursor });
  return { data: rows.map((row) => adminListRow(row, caller)), nextCursor };
});
