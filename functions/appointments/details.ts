import { appointmentDetails } from '../../shared/appointments/appointment-details.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/appointments.ts';

/** An appointment's page, first screen: one function for the page instead of three. */
export const handler = httpHandler(routes['GET /api/appointments/{id}/details'], async ({ caller, params }) => ({
  data: await appointmentDetails(params.id, caller),
}));
