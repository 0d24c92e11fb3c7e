import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { deleteExceptionOf } from '../../shared/db/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['DELETE /api/admin/availability/exceptions/{id}'], requestSchemas['DELETE /api/admin/availability/exceptions/{id}'], async ({ caller, params }) => {
  await deleteExceptionOf(caller.id, params.id);
  return { data: { id: params.id, deleted: true } };
});
