import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { getAppointmentFor } from '../../shared/db/appointments.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/appointments/{id}'], requestSchemas['GET /api/appointments/{id}'], async ({ caller, params }) => ({
  data: appointmentView(await getAppointmentFor(params.id, caller), caller),
}));
