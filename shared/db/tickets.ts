import type { EntityItem } from 'electrodb';
import type { SupportTicket } from './entities/support-ticket.ts';
import { assertCursorFits } from './cursor.ts';
import { db } from './service.ts';

export type TicketItem = EntityItem<SupportTicket>;

/** A user's support tickets, oldest first: 1 Query (`supportTicket.byOwner`) per MB. */
export async function listTicketsOf(userId: string): Promise<TicketItem[]> {
  const { data } = await db().entities.supportTicket.query.byOwner({ userId }).go({ pages: 'all' });
  return data;
}

/**
 * Deletes a user's support tickets (their erasure): the Query above, then BatchWriteItem deletes
 * of 25. Returns how many there were.
 */
export async function deleteTicketsOf(userId: string): Promise<number> {
  const tickets = await listTicketsOf(userId);
  if (tickets.length === 0) return 0;
  const { unprocessed } = await db()
    .entities.supportTicket.delete(tickets.map(({ id }) => ({ id })))
    .go();
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} support tickets were not deleted (throttled); retry the erasure`);
  return tickets.length;
}

/** A new support ticket, as written (1 PutItem). */
export async function createTicket(ticket: Pick<TicketItem, 'id' | 'userId' | 'email' | 'category' | 'subject' | 'message'>): Promise<TicketItem> {
  const { data } = await db().entities.supportTicket.create(ticket).go();
  return data;
}

/** One page of every ticket, newest first (1 Query of `supportTicket.byTime`). */
export async function ticketsPage(page: { limit: number; cursor?: string }) {
  const query = db().entities.supportTicket.query.byTime({});
  assertCursorFits(page.cursor, db().entities.supportTicket, 'byTime', query.params());
  const { data, cursor } = await query.go({ order: 'desc', limit: page.limit, cursor: page.cursor ?? null });
  return { items: data, nextCursor: cursor ?? undefined };
}
