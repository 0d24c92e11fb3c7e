import { PRODUCT_FIELDS, patched, productBody } from '../../shared/api/availability.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { PRODUCT_NOT_FOUND, getProduct, replaceProduct } from '../../shared/db/products.ts';
import { notFound } from '../../shared/http/errors.ts';
import { httpHandler, validate } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['PUT /api/admin/products/{id}'], requestSchemas['PUT /api/admin/products/{id}'], async ({ params, body }) => {
  const stored = await getProduct(params.id);
  if (!stored) throw notFound(PRODUCT_NOT_FOUND);
  const fields = validate(productBody, patched(stored, PRODUCT_FIELDS, body), 'body');
  return { data: await replaceProduct({ ...fields, id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt }) };
});
