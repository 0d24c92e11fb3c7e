import * as z from 'zod/mini';
import { listRoutes } from '../../functions/routes.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;

const toSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

function parameters(schema: z.ZodMiniType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** The success envelope around a route's `response` schema (any JSON when the route declares none). */
const envelope = (data: z.ZodMiniType | undefined) => ({
  type: 'object',
  properties: { success: { const: true }, data: data ? z.toJSONSchema(data, { io: 'output', unrepresentable: 'any' }) : {}, nextCursor: { type: 'string' }, message: { type: 'string' } },
  required: ['success', 'data'],
});
const error = {
  description: 'Error',
  content: { 'application/json': { schema: { type: 'object', properties: { success: { const: false }, error: { type: 'string' }, details: { type: 'array' } }, required: ['success', 'error'] } } },
};

/** POST routes that create nothing new on every call (actions, acknowledgements). */
const POSTS_ANSWERING_200 = new Set(['POST /api/admin/appointments', 'POST /api/lago-webhook']);

/** OpenAPI 3.1, generated from the route manifest: the request schemas the HTTP chain validates with, and each route's response schema. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of listRoutes()) {
    const schemas = route.request ?? {};
    const body = schemas.body;
    const method = route.method.toLowerCase();
    (paths[route.path] ??= {})[method] = {
      summary: route.summary,
      operationId: route.key.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
      'x-access': route.access,
      security: route.access === 'public' ? [] : [{ cognito: [] }],
      parameters: [...parameters(schemas.params, 'path'), ...parameters(schemas.query, 'query')],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(body) } } } } : {}),
      responses: {
        [method === 'post' && !POSTS_ANSWERING_200.has(route.key) ? '201' : '200']: {
          description: 'Success',
          content: { 'application/json': { schema: envelope(route.response) } },
        },
        '400': error,
        ...(route.access === 'public' ? {} : { '401': error, '403': error }),
        ...(route.path.includes('{') ? { '404': error } : {}),
        ...(method === 'get' ? {} : { '409': error }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Rendez-vous booking API', version: '1.0.0', description: 'Envelope: { success, data | error, details?, nextCursor? }. Times are ISO 8601 instants in UTC.' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token' } } },
    paths,
  };
}
