import { SLOT_FIELDS, patched, slotBody } from '../../shared/api/availability.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { getSlotOf, replaceSlot } from '../../shared/db/slots.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler, validate } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/admin/availability/slots/{id}'], requestSchemas['PUT /api/admin/availability/slots/{id}'], async ({ caller, params, body }) => {
  const [stored, owner] = await Promise.all([getSlotOf(caller.id, params.id), ensureProfile(caller)]);
  const fields = validate(slotBody, patched(stored, SLOT_FIELDS, body), 'body');
  return { data: await replaceSlot(owner, stored, fields) };
});
