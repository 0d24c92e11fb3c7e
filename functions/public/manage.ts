import { appointmentView } from '../../shared/api/appointment-view.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { manageBooking } from '../../shared/public-booking/bookings.ts';
import { routes } from '../routes/public.ts';

export const handler = httpHandler(routes['POST /api/public/bookings/manage'], async ({ body }) => {
  const result = await manageBooking(body, new Date().toISOString());
  if ('payment' in result) return { data: { payment: result.payment!.invoice } };
  return { data: { appointment: appointmentView(result.appointment!, { isAdmin: false }) } };
});
