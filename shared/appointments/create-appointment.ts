import { randomUUID } from 'node:crypto';
import type { CreateAppointmentBody } from '../api/appointments.ts';
import type { Caller } from '../caller.ts';
import { config } from '../config.ts';
import { checkAssignableAdmin } from '../db/admins.ts';
import { readForBooking } from '../db/appointment-transaction.ts';
import { countOpenRequests, type AppointmentItem } from '../db/appointments.ts';
import { slotToBook } from '../db/availability.ts';
import { ensureProfile } from '../db/users.ts';
import { composeAppointment, composeSlotBooking, type AppointmentFields, type BookedProduct, type OfferedSlot } from '../domain/appointments/compose.ts';
import { outsideBookingWindow, tooManyOpenRequests } from '../domain/appointments/request-limits.ts';
import { DEFAULT_CURRENCY } from '../domain/vocabulary.ts';
import { InvalidInput, TooManyRequests } from '../errors.ts';
import { saveAppointment } from './save-appointment.ts';

type Owner = Parameters<typeof composeAppointment>[1]['owner'];

/**
 * POST /api/appointments: a client's request (pending, free) or an admin's own appointment; with
 * productId, the booking of an offered slot (its product and slot decide end, price and admin).
 * Race-free: the write checks everyone's schedule in its transaction (409 when the time is taken).
 */
export async function createAppointment(input: CreateAppointmentBody, caller: Caller, now: string): Promise<AppointmentItem> {
  if (!caller.isAdmin && input.startTime <= now) throw new InvalidInput('Invalid request: body.startTime: must be in the future');
  const booking = input.productId ? await slotToBook({ productId: input.productId, startTime: input.startTime, adminId: input.adminId, now }) : undefined;
  if (booking && input.endTime !== undefined && input.endTime !== booking.slot.endTime) {
    throw new InvalidInput(`Invalid request: body.endTime: this product's slot ends at ${booking.slot.endTime} (${booking.product.durationMinutes} minutes); leave endTime out`);
  }
  const context = { id: randomUUID(), now, actor: caller, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY };
  const compose = (owner: Owner) => composeNew(input, booking, { ...context, owner }) as AppointmentItem;

  // Who and when do not depend on the profile: a draft composed from the token's claims names the
  // schedule days, so the profiles and the days come in ONE read (readForBooking).
  const provisional = compose({ id: caller.id, email: caller.email });
  if (!caller.isAdmin) await checkClientRequest(provisional, caller, now, !booking);
  // An admin assigning someone else: that profile must be an admin's (read in the same request).
  const assignee = !booking && provisional.assignedAdminId !== caller.id ? provisional.assignedAdminId : undefined;
  const { users, schedule } = await readForBooking(assignee ? [caller.id, assignee] : [caller.id], provisional);
  if (assignee) checkAssignableAdmin(users.get(assignee));
  const owner = await ensureProfile(caller, { stored: users.get(caller.id) ?? null });
  const saved = await saveAppointment(undefined, compose(owner), { change: 'created', actor: caller.id }, schedule);
  return saved!;
}

/**
 * A client's request within bounds (request-limits.ts): a free-form time inside the booking window
 * (an offered slot already is), and one more request waiting for the team only below the limit.
 */
async function checkClientRequest(draft: AppointmentItem, caller: Caller, now: string, freeForm: boolean): Promise<void> {
  const { MIN_NOTICE_MINUTES, BOOKING_HORIZON_DAYS, MAX_OPEN_REQUESTS_PER_CLIENT } = config();
  const outside = freeForm && outsideBookingWindow(draft.startTime, now, { minimumNoticeMinutes: MIN_NOTICE_MINUTES, horizonDays: BOOKING_HORIZON_DAYS });
  if (outside) throw new InvalidInput(`Invalid request: body.startTime: ${outside}`, [{ path: 'body.startTime', message: outside }]);
  if (draft.status === 'pending' && (await countOpenRequests(caller.id, now, MAX_OPEN_REQUESTS_PER_CLIENT)) >= MAX_OPEN_REQUESTS_PER_CLIENT) {
    throw new TooManyRequests(tooManyOpenRequests(MAX_OPEN_REQUESTS_PER_CLIENT));
  }
}

/** The new appointment: on the booked slot when there is one, free-form otherwise. */
function composeNew(
  input: CreateAppointmentBody,
  booking: { product: BookedProduct; slot: OfferedSlot } | undefined,
  context: Parameters<typeof composeAppointment>[1],
): AppointmentFields {
  const { productId: _product, adminId: _admin, title, endTime, ...rest } = input;
  if (booking) return composeSlotBooking({ ...rest, title }, booking, context);
  // The schema requires both without a productId; this narrows their types.
  if (title === undefined || endTime === undefined) throw new InvalidInput('Invalid request: body: title and endTime are required without productId');
  return composeAppointment({ ...rest, title, endTime }, context);
}
