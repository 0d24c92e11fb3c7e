import { updateMyProfile } from '../../shared/accounts/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/me'], async ({ caller, body }) => ({ data: await updateMyProfile(caller, body) }));
