import { appointmentView } from '../../shared/api/appointment-view.ts';
import { updateAppointment } from '../../shared/appointments/update-appointment.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['PUT /api/appointments/{id}'], async ({ caller, params, body }) => {
  const saved = await updateAppointment(params.id, body, caller, new Date().toISOString());
  return { data: appointmentView(saved, caller) };
});
