import { deleteSignInAccount } from '../../shared/auth/accounts.ts';
import { queryAppointments, writeAppointment, type AppointmentItem } from '../../shared/db/appointments.ts';
import { disconnect } from '../../shared/calendar/connect.ts';
import { listConnections } from '../../shared/db/connections.ts';
import { deleteTicketsOf } from '../../shared/db/tickets.ts';
import { deleteUser } from '../../shared/db/users.ts';
import { erasedAppointment } from '../../shared/domain/appointments/erasure.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/**
 * GDPR erasure: calendar connections, support tickets and the profile are deleted, every
 * appointment loses its personal fields (upcoming ones are cancelled), and the sign-in account is
 * removed last, so a failure half-way can be retried with the same token.
 */
export const handler = httpHandler(routes['DELETE /api/me'], {}, async ({ caller }) => {
  const now = new Date().toISOString();
  let cursor: string | undefined;
  let appointments = 0;
  do {
    const page = await queryAppointments({ index: 'byOwner', userId: caller.id }, {}, { limit: 100, cursor });
    for (const current of page.items) {
      await writeAppointment(current, erasedAppointment(current, now) as AppointmentItem, { notice: { change: 'updated', actor: caller.id } });
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
  return { data: { deleted: true, appointmentsAnonymised: appointments, calendarConnectionsDeleted: connections.length, supportTicketsDeleted: tickets } };
});
