import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { deleteSlotOf } from '../../shared/db/slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['DELETE /api/admin/availability/slots/{id}'], requestSchemas['DELETE /api/admin/availability/slots/{id}'], async ({ caller, params }) => {
  await deleteSlotOf(caller.id, params.id);
  return { data: { id: params.id, deleted: true } };
});
