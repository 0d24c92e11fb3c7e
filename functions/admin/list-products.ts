import { pickFields, productView } from '../../shared/api/views.ts';
import { allProducts } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['GET /api/admin/products'], async () => ({ data: (await allProducts()).map((product) => pickFields(productView, product)) }));
