import { pickFields, publicProductView } from '../../shared/api/views.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { publicProducts } from '../../shared/schedule/products.ts';
import { routes } from '../routes/public.ts';

export const handler = httpHandler(routes['GET /api/public/products'], async () => ({
  data: (await publicProducts()).map((product) => pickFields(publicProductView, product)),
}));
