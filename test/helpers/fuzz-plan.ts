import * as z from 'zod';
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

type JsonSchema = { properties?: Record<string, unknown>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

function propertyNames(schema: JsonSchema): string[] {
  return [...Object.keys(schema.properties ?? {}), ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap(propertyNames)];
}

/**
 * The field names the fuzzing puts in bodies and queries: every name a route's request schemas
 * (in the manifest) declare, plus names an attacker would try on any object.
 */
export function fuzzFieldNames(): string[] {
  const names = new Set(['__proto__', 'constructor', 'prototype']);
  for (const route of listRoutes()) {
    for (const schema of [route.request?.body, route.request?.query]) {
      if (!schema) continue;
      for (const name of propertyNames(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema)) names.add(name);
    }
  }
  return [...names].sort();
}
