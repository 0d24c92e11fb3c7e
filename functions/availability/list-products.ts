import { bookableProductView, pickFields } from '../../shared/api/views.ts';
import { bookableProducts } from '../../shared/schedule/products.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/availability.ts';

export const handler = httpHandler(routes['GET /api/products'], async () => ({ data: (await bookableProducts()).map((product) => pickFields(bookableProductView, product)) }));
