import { profileSchema } from '../../shared/api/profile.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/me'], {}, async ({ caller }) => ({
  data: profileSchema.parse(await ensureProfile(caller)),
}));
