import { pickFields, productView } from '../../shared/api/views.ts';
import { changeProduct } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['PUT /api/admin/products/{id}'], async ({ params, body }) => ({
  data: pickFields(productView, await changeProduct(params.id, body)),
}));
