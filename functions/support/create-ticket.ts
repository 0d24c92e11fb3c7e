import { pickFields, ticketView } from '../../shared/api/views.ts';
import { sendTicket } from '../../shared/support/tickets.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/support.ts';

export const handler = httpHandler(routes['POST /api/support/tickets'], async ({ caller, body }) => ({
  status: 201,
  data: pickFields(ticketView, await sendTicket(caller, body)),
  message: 'Votre message a bien été envoyé',
}));
