import { appointmentView } from '../../shared/api/appointment-view.ts';
import { createAppointment } from '../../shared/appointments/create-appointment.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['POST /api/appointments'], async ({ caller, body }) => {
  const saved = await createAppointment(body, caller, new Date().toISOString());
  return { status: 201, data: appointmentView(saved, caller) };
});
