import { randomUUID } from 'node:crypto';
import type { CreateTicketBody } from '../api/support.ts';
import type { Caller } from '../caller.ts';
import { createTicket, ticketsPage } from '../db/tickets.ts';
import { ensureProfile } from '../db/users.ts';

/** A message to the support team from the help centre, signed with the caller's id and the e-mail of their profile. */
export async function sendTicket(caller: Caller, message: CreateTicketBody) {
  const profile = await ensureProfile(caller);
  return createTicket({ id: randomUUID(), userId: caller.id, email: profile.email, ...message });
}

/** Every support ticket, newest first (admins). */
export const allTickets = (page: { limit: number; cursor?: string }) => ticketsPage(page);
