import { assignableAdmins } from '../accounts/directory.ts';
import { appointmentView } from '../api/appointment-view.ts';
import type { Caller } from '../caller.ts';
import { listHistory } from '../db/history.ts';
import { describeHistory } from './appointment-history.ts';
import { readAppointment } from './read-appointment.ts';

/**
 * What an appointment's page shows first, read at once: the appointment (its owner or an admin,
 * "not found" for anyone else, as GET /api/appointments/{id}), its history, and for an admin the
 * team it can be assigned to (the assignee's name, the edit dialog's choices).
 */
export async function appointmentDetails(id: string, caller: Caller) {
  const [appointment, records, team] = await Promise.all([readAppointment(id, caller), listHistory(id), caller.isAdmin ? assignableAdmins() : undefined]);
  return {
    appointment: appointmentView(appointment, caller),
    history: await describeHistory(records, appointment, caller),
    ...(team ? { team } : {}),
  };
}
