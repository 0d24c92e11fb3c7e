/** What the route manifest says about one route (see functions/routes.ts). */
export type Access = 'public' | 'user' | 'admin';

export interface RouteDefinition<A extends Access = Access> {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  access: A;
  summary: string;
}
