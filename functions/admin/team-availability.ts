import { teamAvailability } from '../../shared/schedule/team-availability.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['GET /api/admin/availability/team'], async ({ caller, query }) => ({ data: await teamAvailability(query, caller) }));
