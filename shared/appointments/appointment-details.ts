import { assignableAdmins } from '../accounts/directory.ts';
import { appointmentView } from '../api/appointment-view.ts';
import type { Caller } from '../caller.ts';
import { listHistory } from '../db/history.ts';
import { logger } from '../logger.ts';
import { describeHistory } from './appointment-history.ts';
import { readAppointment } from './read-appointment.ts';

/**
 * What an appointment's page shows first, read at once: the appointment (its owner or an admin,
 * "not found" for anyone else, as GET /api/appointments/{id}), its history, and for an admin the
 * team it can be assigned to (the assignee's name, the edit dialog's choices).
 */
export async function appointmentDetails(id: string, caller: Caller) {
  // The appointment decides (not found for anyone but its owner and admins); its history and the
  // team are extras: one of them failing leaves the page with the appointment, as when the page
  // read them apart (history: null, the page says the history could not be loaded).
  const [appointment, records, team] = await Promise.all([
    readAppointment(id, caller),
    listHistory(id).catch(readFailed('history')),
    caller.isAdmin ? assignableAdmins().catch(readFailed('team')) : undefined,
  ]);
  const history = records && (await describeHistory(records, appointment, caller).catch(readFailed('history')));
  return {
    appointment: appointmentView(appointment, caller),
    history: history ?? null,
    ...(team ? { team } : {}),
  };
}

/** Logs what could not be read, by the error's kind only, and reads as nothing. */
const readFailed = (what: string) => (error: unknown) => {
  logger.warn(`appointment details: the ${what} could not be read`, { errorName: error instanceof Error ? error.name : typeof error });
  return undefined;
};
