import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { publicAvailability } from '../../shared/db/availability.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/availability'], requestSchemas['GET /api/availability'], async ({ query }) => {
  const { slots, days } = await publicAvailability({ ...query, now: new Date().toISOString() });
  return { data: { from: query.from, to: query.to, timezone: query.timezone, slots, days } };
});
