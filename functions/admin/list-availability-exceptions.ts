import { exceptionView, pickFields } from '../../shared/api/views.ts';
import { myExceptions } from '../../shared/schedule/exceptions.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['GET /api/admin/availability/exceptions'], async ({ caller }) => ({ data: (await myExceptions(caller)).map((exception) => pickFields(exceptionView, exception)) }));
