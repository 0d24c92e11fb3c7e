import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { createProduct } from '../../shared/db/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/admin/products'], requestSchemas['POST /api/admin/products'], async ({ body }) => ({
  status: 201,
  data: await createProduct(body),
}));
