import { clientAddress } from '../../shared/http/client-address.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { holdPublicBooking } from '../../shared/public-booking/bookings.ts';
import { routes } from '../routes/public.ts';

export const handler = httpHandler(routes['POST /api/public/bookings'], async ({ body, event }) => ({
  status: 202,
  data: await holdPublicBooking(body, clientAddress(event), new Date().toISOString()),
}));
