import { payForAppointment } from '../../shared/appointments/pay-for-appointment.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['POST /api/appointments/{id}/pay'], async ({ caller, params }) => {
  const { created, invoice } = await payForAppointment(params.id, caller);
  return { status: created ? 201 : 200, data: invoice };
});
