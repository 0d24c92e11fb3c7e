import { deleteSignInAccount, prepareCognito } from '../auth/accounts.ts';
import type { Caller } from '../caller.ts';
import { disconnect } from '../calendar/connect.ts';
import { saveAppointment } from '../appointments/save-appointment.ts';
import { queryAppointments, type AppointmentItem } from '../db/appointments.ts';
import { listConnections } from '../db/connections.ts';
import { deleteTicketsOf } from '../db/tickets.ts';
import { deleteUser, getUser } from '../db/users.ts';
import { erasedAppointment } from '../domain/appointments/erasure.ts';

/**
 * GDPR erasure: calendar connections, support tickets and the profile are deleted, every
 * appointment loses its personal fields (upcoming ones are cancelled), and the sign-in account is
 * removed last, so a failure half-way can be retried with the same token. The appointments, the
 * connections, the tickets and the profile do not depend on each other: they are done in parallel,
 * while the Cognito client is made ready for the last step.
 */
export async function eraseAccount(caller: Caller, now: string) {
  prepareCognito();
  const [appointments, connections, tickets] = await Promise.all([
    anonymiseAppointments(caller, now),
    // Each calendar grant is revoked at the provider where it allows, then forgotten here.
    (async () => {
      const connections = await listConnections(caller.id);
      for (const connection of connections) await disconnect(connection);
      return connections.length;
    })(),
    // Tickets hold the email and what the person wrote: nothing in them is kept.
    deleteTicketsOf(caller.id),
    getUser(caller.id).then(deleteUser),
  ]);
  await deleteSignInAccount(String(caller.claims['cognito:username'] ?? caller.email));
  return { appointmentsAnonymised: appointments, calendarConnectionsDeleted: connections, supportTicketsDeleted: tickets };
}

/** Every appointment of the person, page after page, saved without their personal fields; how many. */
async function anonymiseAppointments(caller: Caller, now: string): Promise<number> {
  let cursor: string | undefined;
  let appointments = 0;
  do {
    const page = await queryAppointments({ index: 'byOwner', userId: caller.id }, {}, { limit: 100, cursor });
    for (const current of page.items) {
      await saveAppointment(current, erasedAppointment(current, now) as AppointmentItem, { change: 'updated', actor: caller.id });
      appointments++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return appointments;
}
