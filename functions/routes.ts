import type { RouteDefinition } from './manifest.ts';
import { routes as admin } from './routes/admin.ts';
import { routes as appointments } from './routes/appointments.ts';
import { routes as availability } from './routes/availability.ts';
import { routes as calendar } from './routes/calendar.ts';
import { routes as organization } from './routes/organization.ts';
import { routes as publicBooking } from './routes/public.ts';
import { routes as schedule } from './routes/schedule.ts';
import { routes as service } from './routes/service.ts';
import { routes as support } from './routes/support.ts';
import { routes as webhooks } from './routes/webhooks.ts';

export type { Access, Grant, JobDefinition, JobTrigger, RequestSchemas, RouteDefinition, TableAccess } from './manifest.ts';

/**
 * THE route manifest: everything about a route in one entry. CDK builds one function and one
 * HttpApi route per entry and grants it exactly `table`, `grants` and `secrets` (infra/grants.ts);
 * the HTTP chain validates `request` before the handler runs; the local gateway serves the same
 * list; OpenAPI and the fuzzing read `request` and `response`. Keys are "METHOD /path" with API
 * Gateway's {param} syntax. access: public (no token), user (any signed-in user), admin (Cognito
 * group `admin`). Types: functions/manifest.ts.
 *
 * The entries live in one file per area (functions/routes/): a handler imports its area's part,
 * so its bundle carries that area's schemas, not every route's.
 */
export const routes = {
  ...service,
  ...support,
  ...appointments,
  ...webhooks,
  ...admin,
  ...organization,
  ...schedule,
  ...availability,
  ...publicBooking,
  ...calendar,
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

// The jobs' manifest is its own module so a job's bundle does not carry every route's schemas.
export { jobs, listJobs, type JobName, type ManifestJob } from './jobs.ts';
