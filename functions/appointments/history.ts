import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { getAppointmentFor } from '../../shared/db/appointments.ts';
import { listHistory } from '../../shared/db/history.ts';
import { getUsers } from '../../shared/db/users.ts';
import { historyView, SYSTEM_ACTOR } from '../../shared/domain/appointments/history.ts';
import { displayName } from '../../shared/domain/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/**
 * An appointment's status history, oldest first: the owner or an admin, 404 for anyone else (as
 * GET /api/appointments/{id}). Admins see who acted by name; clients see "Vous" / "L'équipe".
 */
export const handler = httpHandler(
  routes['GET /api/appointments/{id}/history'],
  requestSchemas['GET /api/appointments/{id}/history'],
  async ({ caller, params }) => {
    const [appointment, records] = await Promise.all([getAppointmentFor(params.id, caller), listHistory(params.id)]);
    let people: Map<string, { name: string; role: 'client' | 'admin' }> | undefined;
    if (caller.isAdmin) {
      const ids = [...new Set([...records.map((r) => r.actorId), appointment.createdBy])].filter((id) => id !== SYSTEM_ACTOR);
      const users = await getUsers(ids);
      people = new Map([...users].map(([id, user]) => [id, { name: displayName(user), role: user.role }]));
    }
    return { data: historyView(records, { viewer: caller, appointment, people }) };
  },
);
