import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { assertAssignableAdmin } from '../../shared/db/admins.ts';
import { CHANGED_CONCURRENTLY, getAppointmentFor, writeAppointment } from '../../shared/db/appointments.ts';
import { applyUpdate } from '../../shared/domain/appointments/compose.ts';
import { checkClientUpdate, checkTransition } from '../../shared/domain/appointments/rules.ts';
import { announceChange } from '../../shared/events/publisher.ts';
import { badRequest, conflict, HttpError } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(
  routes['PUT /api/appointments/{id}'],
  requestSchemas['PUT /api/appointments/{id}'],
  async ({ caller, params, body }) => {
    const current = await getAppointmentFor(params.id, caller);
    if (body.version !== undefined && body.version !== current.version) throw conflict(CHANGED_CONCURRENTLY);
    const refusal = (!caller.isAdmin && checkClientUpdate(current, body)) || (body.status && checkTransition(current.status, body.status));
    if (refusal) throw new HttpError(refusal.status, refusal.message, refusal.details);

    const next = applyUpdate(current, body, caller);
    if (Date.parse(next.endTime) <= Date.parse(next.startTime)) throw badRequest('Invalid request: body.endTime: must be after startTime');
    if (next.assignedAdminId && next.assignedAdminId !== current.assignedAdminId) await assertAssignableAdmin(next.assignedAdminId);

    const saved = (await writeAppointment(current, next))!;
    await announceChange('updated', current, saved, caller.id);
    return { data: appointmentView(saved, caller) };
  },
);
