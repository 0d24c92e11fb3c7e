import { pickFields, productView } from '../../shared/api/views.ts';
import { addProduct } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['POST /api/admin/products'], async ({ body }) => ({
  status: 201,
  data: pickFields(productView, await addProduct(body)),
}));
