import * as z from 'zod/mini';
import { availabilityQuery } from '../../shared/api/availability.ts';
import { availabilityView, bookableProductView } from '../../shared/api/views.ts';
import type { RouteDefinition } from '../manifest.ts';

/** What can be booked, for anyone (public). Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'GET /api/availability': {
    handler: 'functions/availability/list-slots.ts',
    access: 'public',
    table: 'read',
    request: { query: availabilityQuery },
    response: availabilityView,
    summary: 'Bookable slots starting in [from, to) (at most 93 days), also grouped by day in ?timezone; filters productId, adminId',
  },
  'GET /api/products': {
    handler: 'functions/availability/list-products.ts',
    access: 'public',
    table: 'read',
    response: z.array(bookableProductView),
    summary: 'The active products (appointment types) a client can book',
  },
} as const satisfies Record<string, RouteDefinition>;
