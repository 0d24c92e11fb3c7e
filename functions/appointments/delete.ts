import { deleteAppointment } from '../../shared/appointments/delete-appointment.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

export const handler = httpHandler(routes['DELETE /api/appointments/{id}'], async ({ caller, params }) => {
  const { id } = await deleteAppointment(params.id, caller);
  return { data: { id, deleted: true } };
});
