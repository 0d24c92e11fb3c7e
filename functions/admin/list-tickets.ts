import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { db } from '../../shared/db/service.ts';
import { badRequest } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/admin/support/tickets'], requestSchemas['GET /api/admin/support/tickets'], async ({ query }) => {
  try {
    const { data, cursor } = await db().entities.supportTicket.query.byTime({}).go({ order: 'desc', limit: query.limit, cursor: query.cursor ?? null });
    return { data, nextCursor: cursor ?? undefined };
  } catch (error) {
    // A cursor that does not decode or fit this index (the partition is the same for everyone).
    if (query.cursor) throw badRequest('Invalid cursor');
    throw error;
  }
});
