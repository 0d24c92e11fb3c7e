import { randomUUID } from 'node:crypto';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { config } from '../../shared/config.ts';
import { writeAppointment } from '../../shared/db/appointments.ts';
import { slotToBook } from '../../shared/db/availability.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { composeAppointment, composeSlotBooking, type AppointmentFields } from '../../shared/domain/appointments/compose.ts';
import { DEFAULT_CURRENCY } from '../../shared/domain/vocabulary.ts';
import { announceChange } from '../../shared/events/publisher.ts';
import { badRequest } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { assertAssignableAdmin } from '../../shared/db/admins.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/appointments'], requestSchemas['POST /api/appointments'], async ({ caller, body }) => {
  const now = new Date().toISOString();
  if (!caller.isAdmin && body.startTime <= now) throw badRequest('Invalid request: body.startTime: must be in the future');
  const { productId, adminId, title, endTime, ...rest } = body;
  const context = { id: randomUUID(), now, actor: caller, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY };

  let draft: AppointmentFields;
  if (productId) {
    // A slot booking: the profile and the availability inputs are read together.
    const [owner, booking] = await Promise.all([ensureProfile(caller), slotToBook({ productId, startTime: body.startTime, adminId, now })]);
    if (endTime !== undefined && endTime !== booking.slot.endTime) {
      throw badRequest(`Invalid request: body.endTime: this product's slot ends at ${booking.slot.endTime} (${booking.product.durationMinutes} minutes); leave endTime out`);
    }
    draft = composeSlotBooking({ ...rest, title }, booking, { ...context, owner });
  } else {
    // The schema requires both without a productId; this narrows their types.
    if (title === undefined || endTime === undefined) throw badRequest('Invalid request: body: title and endTime are required without productId');
    const owner = await ensureProfile(caller);
    draft = composeAppointment({ ...rest, title, endTime }, { ...context, owner });
    if (draft.assignedAdminId && draft.assignedAdminId !== caller.id) await assertAssignableAdmin(draft.assignedAdminId);
  }
  const saved = (await writeAppointment(undefined, draft))!;
  await announceChange('created', undefined, saved, caller.id);
  return { status: 201, data: appointmentView(saved, caller) };
});
