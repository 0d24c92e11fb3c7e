import { appointmentView } from '../../shared/api/appointment-view.ts';
import { monthStatistics } from '../../shared/appointments/month-statistics.ts';
import { requestForClient } from '../../shared/appointments/request-for-client.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

/** One route, one body per action (the manifest's discriminated union): the admin request, or a month's statistics. */
export const handler = httpHandler(routes['POST /api/admin/appointments'], async ({ caller, body }) => {
  const now = new Date().toISOString();
  if (body.action === 'stats') return { data: await monthStatistics(body.month, now) };
  const saved = await requestForClient(body, caller, now);
  return { status: 201, data: appointmentView(saved, caller), message: 'Appointment request sent to client' };
});
