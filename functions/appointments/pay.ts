import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { payAppointment } from '../../shared/billing/pay-appointment.ts';
import { getAppointmentFor } from '../../shared/db/appointments.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(
  routes['POST /api/appointments/{id}/pay'],
  requestSchemas['POST /api/appointments/{id}/pay'],
  async ({ caller, params }) => {
    // Ownership first: someone else's appointment is a 404 whether or not payments are set up.
    const appointment = await getAppointmentFor(params.id, caller);
    const { created, invoice } = await payAppointment(appointment, caller.id);
    return { status: created ? 201 : 200, data: invoice };
  },
);
