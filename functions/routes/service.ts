import type { RouteDefinition } from '../manifest.ts';

/** The service itself: liveness and the API document. Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'GET /api/health': {
    handler: 'functions/support/health.ts',
    access: 'public',
    table: 'none',
    summary: 'Liveness: the API answers and its configuration is valid',
  },
  'GET /api/openapi.json': {
    handler: 'functions/support/openapi.ts',
    access: 'public',
    table: 'none',
    summary: 'This API as an OpenAPI 3.1 document, generated from the zod schemas',
  },
} as const satisfies Record<string, RouteDefinition>;
