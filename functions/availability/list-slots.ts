import { bookableSlots } from '../../shared/schedule/bookable-slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/availability.ts';

export const handler = httpHandler(routes['GET /api/availability'], async ({ query }) => ({
  data: await bookableSlots(query, new Date().toISOString()),
}));
