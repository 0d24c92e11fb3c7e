import { appointmentView } from '../../shared/api/appointment-view.ts';
import { readAppointment } from '../../shared/appointments/read-appointment.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['GET /api/appointments/{id}'], async ({ caller, params }) => ({
  data: appointmentView(await readAppointment(params.id, caller), caller),
}));
