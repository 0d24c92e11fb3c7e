import { myProfile } from '../../shared/accounts/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/support.ts';

export const handler = httpHandler(routes['GET /api/me'], async ({ caller }) => ({ data: await myProfile(caller) }));
