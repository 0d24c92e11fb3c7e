import type { Caller } from '../caller.ts';
import { listHistory } from '../db/history.ts';
import { getUsers } from '../db/users.ts';
import { historyView, SYSTEM_ACTOR } from '../domain/appointments/history.ts';
import { displayName } from '../domain/profile.ts';
import { readAppointment } from './read-appointment.ts';

/**
 * An appointment's status history, oldest first: the owner or an admin, "not found" for anyone
 * else. Admins see who acted by name; clients see "Vous" / "L'équipe".
 */
export async function appointmentHistory(id: string, caller: Caller) {
  const [appointment, records] = await Promise.all([readAppointment(id, caller), listHistory(id)]);
  return describeHistory(records, appointment, caller);
}

/** The history records as the caller may read them: names of who acted for admins. */
export async function describeHistory(records: Awaited<ReturnType<typeof listHistory>>, appointment: Awaited<ReturnType<typeof readAppointment>>, caller: Caller) {
  let people: Map<string, { name: string; role: 'client' | 'admin' }> | undefined;
  if (caller.isAdmin) {
    const ids = [...new Set([...records.map((r) => r.actorId), appointment.createdBy])].filter((actor) => actor !== SYSTEM_ACTOR);
    const users = await getUsers(ids);
    people = new Map([...users].map(([userId, user]) => [userId, { name: displayName(user), role: user.role }]));
  }
  return historyView(records, { viewer: caller, appointment, people });
}
