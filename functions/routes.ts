import type { RouteDefinition } from '../shared/http/route.ts';

/**
 * THE route manifest. CDK builds one function and one HttpApi route per entry; the local gateway
 * serves the same list. Keys are "METHOD /path" with API Gateway's {param} syntax.
 * access: public (no token), user (any signed-in user), admin (Cognito group `admin`).
 */
export const routes = {
  'GET /api/health': {
    handler: 'functions/support/health.ts',
    access: 'public',
    table: 'none',
    summary: 'Liveness: the API answers and its configuration is valid',
  },
  'GET /api/me': {
    handler: 'functions/support/me.ts',
    access: 'user',
    table: 'readWrite',
    summary: "The caller's profile and role; created from the token's claims on first call",
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteKey = keyof typeof routes;

export interface ManifestRoute extends RouteDefinition {
  key: string;
  method: string;
  path: string;
}

/** The manifest as a list, with method and path split out of each key. */
export function listRoutes(): ManifestRoute[] {
  return Object.entries(routes).map(([key, definition]) => {
    const [method, path] = key.split(' ') as [string, string];
    return { key, method, path, ...definition };
  });
}
