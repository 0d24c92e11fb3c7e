import { appointmentHistory } from '../../shared/appointments/appointment-history.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['GET /api/appointments/{id}/history'], async ({ caller, params }) => ({
  data: await appointmentHistory(params.id, caller),
}));
