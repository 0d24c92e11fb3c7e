import { profileSchema } from '../../shared/api/profile.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { moveAvailabilityToZone } from '../../shared/db/owner-zone.ts';
import { ensureProfile, updateProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/me'], requestSchemas['PUT /api/me'], async ({ caller, body }) => {
  // The profile may not exist yet (PUT before any GET): create it from the token first.
  await ensureProfile(caller);
  const profile = await updateProfile(caller.id, body);
  // An admin's weekly slots and exceptions are interpreted in their profile zone and carry a copy
  // of it: they move with it (none to move for a client). Always when a zone is sent, not only
  // when it differs from the one read above, so that of two concurrent changes the last one also
  // leaves its zone on them.
  if (body.timezone !== undefined) await moveAvailabilityToZone(caller.id, body.timezone);
  return { data: profileSchema.parse(profile) };
});
