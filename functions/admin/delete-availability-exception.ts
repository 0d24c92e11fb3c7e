import { removeException } from '../../shared/schedule/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['DELETE /api/admin/availability/exceptions/{id}'], async ({ caller, params }) => {
  await removeException(caller, params.id);
  return { data: { id: params.id, deleted: true } };
});
