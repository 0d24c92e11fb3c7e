import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { deleteProduct } from '../../shared/db/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['DELETE /api/admin/products/{id}'], requestSchemas['DELETE /api/admin/products/{id}'], async ({ params }) => {
  await deleteProduct(params.id);
  return { data: { id: params.id, deleted: true } };
});
