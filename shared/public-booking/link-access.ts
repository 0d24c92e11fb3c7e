import type { Caller } from '../caller.ts';
import { getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { getBookingToken, type BookingTokenItem } from '../db/public-holds.ts';
import { getUser } from '../db/users.ts';
import { Expired, NotFound } from '../errors.ts';
import { hashToken, linksLapseAt } from './links.ts';
import { BOOKING_OVER, LINK_NOT_VALID } from './refusals.ts';

/**
 * What a public booking's link opens, and as whom. Apart from the use cases (bookings.ts) so the
 * function that only reads a managed booking does not carry the booking, moving and paying code.
 */

/** The stored record of a link's secret, if it is one for `purpose` (only the SHA-256 is stored). */
export async function tokenFor(token: string, purpose: BookingTokenItem['purpose']): Promise<BookingTokenItem & { tokenHash: string }> {
  const record = await getBookingToken(hashToken(token));
  if (!record || record.purpose !== purpose) throw new NotFound(LINK_NOT_VALID);
  return record;
}

/** The booking's client acting through a link: a client, never an admin, whoever they are. */
export function linkCaller(userId: string, email: string): Caller {
  return { id: userId, email, isAdmin: false, claims: {} };
}

/** The appointment a manage link is for, and its client as the actor (the link is their key). */
export async function managedBooking(token: string, now: string): Promise<{ appointment: AppointmentItem; caller: Caller }> {
  const record = await tokenFor(token, 'manage');
  const appointment = await getAppointment(record.appointmentId);
  if (!appointment) throw new NotFound(LINK_NOT_VALID);
  if (linksLapseAt(appointment.endTime) <= Date.parse(now)) throw new Expired(BOOKING_OVER);
  const client = await getUser(appointment.userId);
  return { appointment, caller: linkCaller(appointment.userId, client?.email ?? appointment.attendeeEmail ?? '') };
}

/** GET /api/public/bookings/manage: the appointment as its client sees it. */
export async function readManagedBooking(token: string, now: string): Promise<AppointmentItem> {
  return (await managedBooking(token, now)).appointment;
}
