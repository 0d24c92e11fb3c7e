import { randomUUID } from 'node:crypto';
import type { CreateTicketBody } from '../api/support.ts';
import type { Caller } from '../caller.ts';
import { createTicket, ticketsPage } from '../db/tickets.ts';

/** A message to the support team from the help centre, signed with the caller's id and e-mail. */
export function sendTicket(caller: Caller, message: CreateTicketBody) {
  return createTicket({ id: randomUUID(), userId: caller.id, email: caller.email, ...message });
}

/** Every support ticket, newest first (admins). */
export const allTickets = (page: { limit: number; cursor?: string }) => ticketsPage(page);
