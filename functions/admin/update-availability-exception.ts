import { exceptionView, pickFields } from '../../shared/api/views.ts';
import { changeException } from '../../shared/schedule/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['PUT /api/admin/availability/exceptions/{id}'], async ({ caller, params, body }) => ({
  data: pickFields(exceptionView, await changeException(caller, params.id, body)),
}));
