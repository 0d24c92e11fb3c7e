import type { RouteKey } from '../functions/routes.ts';

/**
 * The functions each page wakes on its first load (every route is a function of its own): the
 * browser test test/browser/first-load.test.ts opens every page and fails when a page's calls
 * differ from this table, and `npm run bench` reads each page's "time to first data" from it
 * (its slowest cold function, all of them called at once). Issue 20: at most two per page.
 */
export const FIRST_LOAD_ROUTES = {
  '/dashboard/': ['GET /api/appointments'],
  '/dashboard/appointments/': ['GET /api/appointments'],
  '/dashboard/appointments/new/': ['GET /api/products'],
  '/dashboard/appointments/{id}': ['GET /api/appointments/{id}/details', 'GET /api/health'],
  '/dashboard/calendar/': ['GET /api/appointments'],
  '/dashboard/calendar/settings/': ['GET /api/calendar', 'GET /api/health'],
  '/dashboard/payments/': ['GET /api/appointments', 'GET /api/health'],
  '/dashboard/support/': [],
  '/dashboard/profile/': ['GET /api/me'],
  '/admin/': ['GET /api/admin/overview'],
  '/admin/appointments/': ['GET /api/admin/appointments', 'POST /api/admin/appointments'],
  '/admin/appointments/{id}': ['GET /api/appointments/{id}/details', 'GET /api/health'],
  '/admin/appointments/calendar/': ['GET /api/admin/appointments', 'GET /api/admin/availability/team'],
  '/admin/availability/': ['GET /api/admin/availability/exceptions', 'GET /api/admin/availability/slots'],
  '/admin/products/': ['GET /api/admin/products'],
  '/admin/support/': ['GET /api/admin/support/tickets'],
  '/admin/users/': ['GET /api/admin/organization/users'],
  '/admin/calendar-sync/': ['GET /api/calendar', 'GET /api/health'],
  '/book/': ['GET /api/public/products'],
  '/book/{slug}/': ['GET /api/availability', 'GET /api/public/products'],
  '/signin/': [],
} as const satisfies Record<string, readonly RouteKey[]>;

export type PagePath = keyof typeof FIRST_LOAD_ROUTES;
