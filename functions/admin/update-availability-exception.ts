import { changeException } from '../../shared/schedule/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/admin/availability/exceptions/{id}'], async ({ caller, params, body }) => ({
  data: await changeException(caller, params.id, body),
}));
