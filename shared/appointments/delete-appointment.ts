import type { Caller } from '../caller.ts';
import { checkClientDelete } from '../domain/appointments/rules.ts';
import { readAppointment } from './read-appointment.ts';
import { refusalError } from './refusal.ts';
import { saveAppointment } from './save-appointment.ts';

/** DELETE /api/appointments/{id}: admins delete any, a client only their own pending request. Its time is released. */
export async function deleteAppointment(id: string, caller: Caller): Promise<{ id: string }> {
  const current = await readAppointment(id, caller);
  const refusal = caller.isAdmin ? undefined : checkClientDelete(current, caller.id);
  if (refusal) throw refusalError(refusal);
  await saveAppointment(current, undefined, { change: 'deleted', actor: caller.id });
  return { id: current.id };
}
