import { updateMyProfile } from '../../shared/accounts/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/support.ts';

export const handler = httpHandler(routes['PUT /api/me'], async ({ caller, body }) => ({ data: await updateMyProfile(caller, body) }));
