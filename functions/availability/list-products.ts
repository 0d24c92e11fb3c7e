import { listProducts } from '../../shared/db/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['GET /api/products'], {}, async () => ({
  data: (await listProducts())
    .filter((product) => product.active)
    .map(({ id, name, description, durationMinutes, price, currency }) => ({ id, name, description, durationMinutes, price, currency })),
}));
