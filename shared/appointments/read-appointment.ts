import type { Caller } from '../caller.ts';
import { getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { APPOINTMENT_NOT_FOUND, NotFound } from '../errors.ts';

/** The appointment if the caller may see it (its owner or an admin); otherwise the same "not found" as a missing id. */
export async function readAppointment(id: string, caller: Pick<Caller, 'id' | 'isAdmin'>): Promise<AppointmentItem> {
  const item = await getAppointment(id);
  if (!item || (!caller.isAdmin && item.userId !== caller.id)) throw new NotFound(APPOINTMENT_NOT_FOUND);
  return item;
}
