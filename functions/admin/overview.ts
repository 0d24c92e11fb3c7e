import { adminOverview } from '../../shared/appointments/admin-overview.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

/** The admin dashboard's first screen: one function for the page instead of three. */
export const handler = httpHandler(routes['GET /api/admin/overview'], async ({ caller, query }) => ({ data: await adminOverview(query, caller, new Date().toISOString()) }));
