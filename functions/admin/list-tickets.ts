import { pickFields, ticketView } from '../../shared/api/views.ts';
import { allTickets } from '../../shared/support/tickets.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

export const handler = httpHandler(routes['GET /api/admin/support/tickets'], async ({ query }) => {
  const { items, nextCursor } = await allTickets(query);
  return { data: items.map((ticket) => pickFields(ticketView, ticket)), nextCursor };
});
