import * as z from 'zod/mini';
import { profileSchema } from '../api/profile.ts';
import { appointmentView } from '../api/appointment-view.ts';
import { connectionView, pickFields, ticketView } from '../api/views.ts';
import type { Caller } from '../caller.ts';
import { queryAppointments, type AppointmentItem } from '../db/appointments.ts';
import { listConnections } from '../db/connections.ts';
import { moveAvailabilityToZone } from '../db/owner-zone.ts';
import { listTicketsOf } from '../db/tickets.ts';
import { ensureProfile, updateProfile, type ProfileChanges } from '../db/users.ts';

/** A ticket in its author's export: what they wrote and its status. */
const myTicketView = z.omit(ticketView, { userId: true });

/** The caller's profile and role, created from the token's claims on first use. */
export async function myProfile(caller: Caller) {
  return profileSchema.parse(await ensureProfile(caller));
}

/** Changes the caller's name, phone, time zone, language and e-mail notifications. */
export async function updateMyProfile(caller: Caller, changes: ProfileChanges) {
  // The profile may not exist yet (PUT before any GET): create it from the token first.
  await ensureProfile(caller);
  const profile = await updateProfile(caller.id, changes);
  // An admin's weekly slots and exceptions are interpreted in their profile zone and carry a copy
  // of it: they move with it (none to move for a client). Always when a zone is sent, not only
  // when it differs from the one read above, so that of two concurrent changes the last one also
  // leaves its zone on them.
  if (changes.timezone !== undefined) await moveAvailabilityToZone(caller.id, changes.timezone);
  return profileSchema.parse(profile);
}

/**
 * The caller's data (GDPR access and portability): profile, appointments as their client sees
 * them, calendar connections without tokens, and the messages they sent to support.
 */
export async function exportMyData(caller: Caller, now: string) {
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
    exportedAt: now,
    profile: profileSchema.parse(profile),
    appointments: appointments.map((a) => appointmentView(a, { isAdmin: false })),
    calendarConnections: connections.map((connection) => pickFields(connectionView, connection)),
    supportTickets: tickets.map((ticket) => pickFields(myTicketView, ticket)),
  };
}
