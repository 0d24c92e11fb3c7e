import { profileSchema } from '../../shared/api/profile.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { ensureProfile, updateProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/me'], requestSchemas['PUT /api/me'], async ({ caller, body }) => {
  // The profile may not exist yet (PUT before any GET): create it from the token first.
  await ensureProfile(caller);
  return { data: profileSchema.parse(await updateProfile(caller.id, body)) };
});
