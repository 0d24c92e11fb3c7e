import { profileSchema } from '../../shared/api/profile.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { queryAppointments, type AppointmentItem } from '../../shared/db/appointments.ts';
import { connectionView } from '../../shared/calendar/connect.ts';
import { listConnections } from '../../shared/db/connections.ts';
import { listTicketsOf } from '../../shared/db/tickets.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/**
 * The caller's data (GDPR access/portability): profile, appointments, calendar connections without
 * tokens, and the messages they sent to support.
 */
export const handler = httpHandler(routes['GET /api/me/export'], {}, async ({ caller }) => {
  const profile = await ensureProfile(caller);
  const appointments: AppointmentItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAppointments({ index: 'byOwner', userId: caller.id }, {}, { limit: 200, cursor });
    appointments.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const [connections, tickets] = await Promise.all([listConnections(caller.id), listTicketsOf(caller.id)]);
  return {
    data: {
      exportedAt: new Date().toISOString(),
      profile: profileSchema.parse(profile),
      appointments: appointments.map((a) => appointmentView(a, { isAdmin: false })),
      calendarConnections: connections.map(connectionView),
      supportTickets: tickets.map(({ id, email, category, subject, message, status, createdAt }) => ({ id, email, category, subject, message, status, createdAt })),
    },
  };
});
