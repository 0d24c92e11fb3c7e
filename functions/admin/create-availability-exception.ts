import { exceptionView, pickFields } from '../../shared/api/views.ts';
import { addException } from '../../shared/schedule/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['POST /api/admin/availability/exceptions'], async ({ caller, body }) => ({
  status: 201,
  data: pickFields(exceptionView, await addException(caller, body)),
}));
