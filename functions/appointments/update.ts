import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { assertAssignableAdmin } from '../../shared/db/admins.ts';
import { CHANGED_CONCURRENTLY, getAppointmentFor, writeAppointment } from '../../shared/db/appointments.ts';
import { slotToReschedule } from '../../shared/db/availability.ts';
import { applyUpdate } from '../../shared/domain/appointments/compose.ts';
import { placedOnSlot, placedWithoutSlot, slotRulesApply, withKeptDuration } from '../../shared/domain/appointments/reschedule.ts';
import { checkClientUpdate, checkTransition } from '../../shared/domain/appointments/rules.ts';
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

    // The override is an instruction for this write, not a field of the appointment.
    const { overrideAvailability, ...patch } = body;
    let next = withKeptDuration(current, patch, applyUpdate(current, patch, caller));
    if (Date.parse(next.endTime) <= Date.parse(next.startTime)) throw badRequest('Invalid request: body.endTime: must be after startTime');
    if (next.assignedAdminId && next.assignedAdminId !== current.assignedAdminId) await assertAssignableAdmin(next.assignedAdminId);

    // A product booking moved (or reopened) lands on an offered slot of its product, unless an admin overrides.
    const checkSlot = slotRulesApply(current, next);
    if (checkSlot && overrideAvailability !== true) {
      const { slot } = await slotToReschedule({
        appointmentId: current.id,
        productId: next.productId!,
        startTime: next.startTime,
        now: new Date().toISOString(),
        ...(next.assignedAdminId ? { adminId: next.assignedAdminId } : {}),
      });
      if (patch.endTime !== undefined && Date.parse(patch.endTime) !== Date.parse(slot.endTime)) {
        throw badRequest(`Invalid request: body.endTime: this product's slot ends at ${slot.endTime}; leave endTime out`, [{ path: 'body.endTime', message: `the slot ends at ${slot.endTime}` }]);
      }
      next = placedOnSlot(next, slot);
    } else {
      next = placedWithoutSlot(current, next, checkSlot);
    }

    const saved = (await writeAppointment(current, next, { notice: { change: 'updated', actor: caller.id } }))!;
    return { data: appointmentView(saved, caller) };
  },
);
