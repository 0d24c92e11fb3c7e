import { randomUUID } from 'node:crypto';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { db } from '../../shared/db/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/support/tickets'], requestSchemas['POST /api/support/tickets'], async ({ caller, body }) => {
  const { data } = await db()
    .entities.supportTicket.create({ id: randomUUID(), userId: caller.id, email: caller.email, ...body })
    .go();
  return { status: 201, data, message: 'Votre message a bien été envoyé' };
});
