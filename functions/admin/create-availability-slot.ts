import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { createSlot } from '../../shared/db/slots.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/admin/availability/slots'], requestSchemas['POST /api/admin/availability/slots'], async ({ caller, body }) => {
  const owner = await ensureProfile(caller);
  return { status: 201, data: await createSlot(owner, body) };
});
