import { EXCEPTION_FIELDS, exceptionBody, patched } from '../../shared/api/availability.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { getExceptionOf, replaceException } from '../../shared/db/exceptions.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler, validate } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/admin/availability/exceptions/{id}'], requestSchemas['PUT /api/admin/availability/exceptions/{id}'], async ({ caller, params, body }) => {
  const [stored, owner] = await Promise.all([getExceptionOf(caller.id, params.id), ensureProfile(caller)]);
  const fields = validate(exceptionBody, patched(stored, EXCEPTION_FIELDS, body), 'body');
  return { data: await replaceException(owner, stored, fields) };
});
