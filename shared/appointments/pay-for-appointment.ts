import { payAppointment } from '../billing/pay-appointment.ts';
import type { Caller } from '../caller.ts';
import { readAppointment } from './read-appointment.ts';

/** POST /api/appointments/{id}/pay: the Lago invoice of a paid appointment, for its owner or an admin. */
export async function payForAppointment(id: string, caller: Caller) {
  // Ownership first: someone else's appointment is "not found" whether or not payments are set up.
  const appointment = await readAppointment(id, caller);
  return payAppointment(appointment, caller.id);
}
