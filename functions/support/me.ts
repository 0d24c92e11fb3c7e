import { profileSchema } from '../../shared/api/profile.ts';
import { config, isIanaTimeZone } from '../../shared/config.ts';
import { createUser, getUser, setUserRole } from '../../shared/db/users.ts';
import { profileFromClaims, roleFor } from '../../shared/domain/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/me'], {}, async ({ caller }) => {
  let profile = await getUser(caller.id);
  if (!profile) {
    const fresh = profileFromClaims(caller, { timezone: config().DEFAULT_TIMEZONE, isValidTimeZone: isIanaTimeZone });
    // undefined: a concurrent first call created it; read the winner's copy.
    profile = (await createUser(fresh)) ?? (await getUser(caller.id));
  }
  if (!profile) throw new Error(`Profile ${caller.id} vanished right after creation`);
  const role = roleFor(caller.isAdmin);
  if (profile.role !== role) profile = await setUserRole(caller.id, role);
  return { data: profileSchema.parse(profile) };
});
