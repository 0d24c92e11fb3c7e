/** What the route manifest says about one route (see functions/routes.ts). */
export type Access = 'public' | 'user' | 'admin';

/** What the route's function may do to the table: CDK grants exactly this (least privilege). */
export type TableAccess = 'none' | 'read' | 'readWrite';

import type { SecretName } from '../secrets.ts';

/** AWS permissions beyond the table that a route's function needs; CDK grants exactly these. */
export type Grant = 'publishEvents' | 'deleteSignIn';

export interface RouteDefinition<A extends Access = Access> {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  access: A;
  table: TableAccess;
  grants?: readonly Grant[];
  /** SSM SecureString secrets the function reads at cold start (shared/secrets.ts). */
  secrets?: readonly SecretName[];
  summary: string;
}
