import { appointmentView } from '../../shared/api/appointment-view.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { readManagedBooking } from '../../shared/public-booking/link-access.ts';
import { routes } from '../routes/public.ts';

export const handler = httpHandler(routes['GET /api/public/bookings/manage'], async ({ query }) => ({
  data: appointmentView(await readManagedBooking(query.token, new Date().toISOString()), { isAdmin: false }),
}));
