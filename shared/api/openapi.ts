import * as z from 'zod';
import { listRoutes } from '../../functions/routes.ts';
import { requestSchemas, type RequestSchemas } from './request-schemas.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const envelope = { type: 'object', properties: { success: { const: true }, data: {}, nextCursor: { type: 'string' }, message: { type: 'string' } }, required: ['success', 'data'] };
const error = {
  description: 'Error',
  content: { 'application/json': { schema: { type: 'object', properties: { success: { const: false }, error: { type: 'string' }, details: { type: 'array' } }, required: ['success', 'error'] } } },
};

/** POST routes that create nothing new on every call (actions, acknowledgements). */
const POSTS_ANSWERING_200 = new Set(['POST /api/admin/appointments', 'POST /api/lago-webhook']);

/** OpenAPI 3.1, generated from the route manifest and the zod schemas the handlers validate with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of listRoutes()) {
    const schemas = (requestSchemas as Record<string, RequestSchemas>)[route.key] ?? {};
    const body = schemas.documentedBody ?? schemas.body;
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
          content: { 'application/json': { schema: envelope } },
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
