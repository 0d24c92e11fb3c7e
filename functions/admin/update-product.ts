import { changeProduct } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/admin/products/{id}'], async ({ params, body }) => ({
  data: await changeProduct(params.id, body),
}));
