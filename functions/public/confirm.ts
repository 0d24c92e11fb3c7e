import { appointmentView } from '../../shared/api/appointment-view.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { confirmPublicBooking } from '../../shared/public-booking/bookings.ts';
import { routes } from '../routes/public.ts';

export const handler = httpHandler(routes['POST /api/public/bookings/confirm'], async ({ body }) => {
  const { appointment, manageToken } = await confirmPublicBooking(body.token, new Date().toISOString());
  return { data: { appointment: appointmentView(appointment, { isAdmin: false }), manageToken } };
});
