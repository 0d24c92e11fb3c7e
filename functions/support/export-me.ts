import { exportMyData } from '../../shared/accounts/profile.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/support.ts';

/** The caller's data (GDPR access and portability), shared/accounts/profile.ts. */
export const handler = httpHandler(routes['GET /api/me/export'], async ({ caller }) => ({ data: await exportMyData(caller, new Date().toISOString()) }));
