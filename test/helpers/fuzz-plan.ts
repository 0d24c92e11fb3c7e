import { listRoutes } from '../../functions/routes.ts';

/**
 * What test/api/fuzz.test.ts fuzzes, shared with `npm run bench` (its summary reports the count):
 * every route of the manifest except those that take no input and only answer their one request.
 */
export const FUZZ_EXCLUDED = ['GET /api/health', 'GET /api/openapi.json', 'DELETE /api/me'];
export const FUZZ_TOTAL = 10_000;
export const FUZZ_SEED = 20261124;

export function fuzzPlan() {
  const targets = listRoutes().filter((r) => !FUZZ_EXCLUDED.includes(r.key));
  const runsPerRoute = Math.ceil(FUZZ_TOTAL / targets.length);
  return { targets, runsPerRoute, inputs: targets.length * runsPerRoute };
}
