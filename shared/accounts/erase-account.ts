import { deleteSignInAccount } from '../auth/accounts.ts';
import type { Caller } from '../caller.ts';
import { disconnect } from '../calendar/connect.ts';
import { saveAppointment } from '../appointments/save-appointment.ts';
import { queryAppointments, type AppointmentItem } from '../db/appointments.ts';
import { listConnections } from '../db/connections.ts';
import { deleteTicketsOf } from '../db/tickets.ts';
import { deleteUser } from '../db/users.ts';
import { erasedAppointment } from '../domain/appointments/erasure.ts';

/**
 * GDPR erasure: calendar connections, support tickets and the profile are deleted, every
 * appointment loses its personal fields (upcoming ones are cancelled), and the sign-in account is
 * removed last, so a failure half-way can be retried with the same token.
 */
export async function eraseAccount(caller: Caller, now: string) {
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
  // Each calendar grant is revoked at the provider where it allows, then forgotten here.
  const connections = await listConnections(caller.id);
  for (const connection of connections) await disconnect(connection);
  // Tickets hold the email and what the person wrote: nothing in them is kept.
  const tickets = await deleteTicketsOf(caller.id);
  await deleteUser(caller.id);
  await deleteSignInAccount(String(caller.claims['cognito:username'] ?? caller.email));
  return { appointmentsAnonymised: appointments, calendarConnectionsDeleted: connections.length, supportTicketsDeleted: tickets };
}
