import { randomUUID } from 'node:crypto';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { config } from '../../shared/config.ts';
import { readForBooking, writeAppointment, type AppointmentItem } from '../../shared/db/appointments.ts';
import { slotToBook } from '../../shared/db/availability.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { composeAppointment, composeSlotBooking, type AppointmentFields } from '../../shared/domain/appointments/compose.ts';
import { DEFAULT_CURRENCY } from '../../shared/domain/vocabulary.ts';
import { badRequest } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { checkAssignableAdmin } from '../../shared/db/admins.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/appointments'], requestSchemas['POST /api/appointments'], async ({ caller, body }) => {
  const now = new Date().toISOString();
  if (!caller.isAdmin && body.startTime <= now) throw badRequest('Invalid request: body.startTime: must be in the future');
  const { productId, adminId, title, endTime, ...rest } = body;
  const context = { id: randomUUID(), now, actor: caller, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY };

  // Who and when do not depend on the profile: a draft composed from the token's claims names the
  // schedule days, so the profiles and the days come in ONE read (readForBooking).
  const claimsOwner = { id: caller.id, email: caller.email };
  let compose: (owner: Parameters<typeof composeAppointment>[1]['owner']) => AppointmentFields;
  if (productId) {
    const booking = await slotToBook({ productId, startTime: body.startTime, adminId, now });
    if (endTime !== undefined && endTime !== booking.slot.endTime) {
      throw badRequest(`Invalid request: body.endTime: this product's slot ends at ${booking.slot.endTime} (${booking.product.durationMinutes} minutes); leave endTime out`);
    }
    compose = (owner) => composeSlotBooking({ ...rest, title }, booking, { ...context, owner });
  } else {
    // The schema requires both without a productId; this narrows their types.
    if (title === undefined || endTime === undefined) throw badRequest('Invalid request: body: title and endTime are required without productId');
    compose = (owner) => composeAppointment({ ...rest, title, endTime }, { ...context, owner });
  }
  const provisional = compose(claimsOwner) as AppointmentItem;
  // An admin assigning someone else: that profile must be an admin's (read in the same request).
  const assignee = !productId && provisional.assignedAdminId !== caller.id ? provisional.assignedAdminId : undefined;
  const { users, schedule } = await readForBooking(assignee ? [caller.id, assignee] : [caller.id], provisional);
  if (assignee) checkAssignableAdmin(users.get(assignee));
  const owner = await ensureProfile(caller, { stored: users.get(caller.id) ?? null });
  const draft = compose(owner) as AppointmentItem;
  const saved = (await writeAppointment(undefined, draft, { notice: { change: 'created', actor: caller.id }, prefetched: schedule }))!;
  return { status: 201, data: appointmentView(saved, caller) };
});
