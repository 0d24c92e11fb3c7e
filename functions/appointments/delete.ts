import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { getAppointmentFor, writeAppointment } from '../../shared/db/appointments.ts';
import { checkClientDelete } from '../../shared/domain/appointments/rules.ts';
import { HttpError } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['DELETE /api/appointments/{id}'], requestSchemas['DELETE /api/appointments/{id}'], async ({ caller, params }) => {
  const current = await getAppointmentFor(params.id, caller);
  const refusal = caller.isAdmin ? undefined : checkClientDelete(current, caller.id);
  if (refusal) throw new HttpError(refusal.status, refusal.message);
  await writeAppointment(current, undefined, { notice: { change: 'deleted', actor: caller.id } });
  return { data: { id: current.id, deleted: true } };
});
