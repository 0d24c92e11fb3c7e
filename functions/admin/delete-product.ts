import { removeProduct } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['DELETE /api/admin/products/{id}'], async ({ params }) => {
  await removeProduct(params.id);
  return { data: { id: params.id, deleted: true } };
});
