import { ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lambdaContext } from '../../local/gateway.ts';
import { SERVICE_BUSY, SlotTaken } from '../errors.ts';
import { httpHandler, type ApiEvent } from './handler.ts';

const request = {
  params: z.object({ id: z.uuid() }),
  query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  body: z.object({ title: z.string().min(1).max(200) }),
};

const echo = httpHandler({ handler: 'test/echo', access: 'user', table: 'none', request, summary: 'echo' }, async ({ caller, body, params, query }) => {
  if (body.title === 'taken') throw new SlotTaken('Time slot is not available');
  if (body.title === 'crash') throw new Error('database exploded with secret details');
  // What ElectroDB throws when the SDK gave up on a throttled request: the SDK error in `cause`.
  if (body.title === 'throttled') throw new Error('Error thrown by DynamoDB client', { cause: new ProvisionedThroughputExceededException({ $metadata: {}, message: 'over capacity' }) });
  if (body.title === 'throttled-sdk') throw new ThrottlingException({ $metadata: {}, message: 'Rate exceeded' });
  return { status: 201, data: { who: caller.id, title: body.title, id: params.id, limit: query.limit } };
});

const adminOnly = httpHandler({ handler: 'test/admin', access: 'admin', table: 'none', summary: 'admin' }, async () => ({ data: 'ok' }));
const open = httpHandler({ handler: 'test/public', access: 'public', table: 'none', summary: 'public' }, async ({ caller }) => ({
  data: caller?.id ?? 'anonymous',
}));

const ID = '6f1c2b9e-8a4d-4c3f-9b7a-2d5e8f1a0c3b';

function event(overrides: { body?: string; claims?: Record<string, string>; query?: Record<string, string>; id?: string; base64?: boolean } = {}): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'POST /api/things/{id}',
    rawPath: `/api/things/${overrides.id ?? ID}`,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    queryStringParameters: overrides.query,
    pathParameters: { id: overrides.id ?? ID },
    body: overrides.body,
    isBase64Encoded: overrides.base64 ?? false,
    requestContext: {
      requestId: 'r1',
      authorizer: overrides.claims ? { principalId: '', integrationLatency: 0, jwt: { claims: overrides.claims, scopes: [] } } : undefined,
    },
  } as unknown as ApiEvent;
}

async function invoke(handler: typeof echo | typeof adminOnly, e: ApiEvent) {
  const result = (await handler(e, lambdaContext('test', 'r1', Date.now() + 5000))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(String(result.body)) };
}

const client = { sub: 'client-1', email: 'c@example.com', token_use: 'id' };

describe('the HTTP stack', () => {
  it('parses, validates and wraps a good request in the envelope', async () => {
    const result = await invoke(echo, event({ claims: client, body: JSON.stringify({ title: 'Consultation' }), query: { limit: '10' } }));
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ success: true, data: { who: 'client-1', title: 'Consultation', id: ID, limit: 10 } });
    expect(result.headers['content-type']).toMatch(/application\/json/);
    expect(result.headers['X-Content-Type-Options'] ?? result.headers['x-content-type-options']).toBe('nosniff');
  });

  it('reads a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'Encodé' })).toString('base64');
    const result = await invoke(echo, event({ claims: client, body, base64: true }));
    expect(result.body.data.title).toBe('Encodé');
  });

  it.each([
    ['malformed JSON', '{"title": ', /valid JSON/],
    ['a missing body', undefined, /body is required/],
    ['a wrong type', JSON.stringify({ title: 42 }), /body\.title/],
    ['an unknown shape', JSON.stringify([1, 2]), /Invalid request/],
  ])('answers 400 to %s', async (_, body, message) => {
    const result = await invoke(echo, event({ claims: client, body }));
    expect(result.status).toBe(400);
    expect(result.body.success).toBe(false);
    expect(result.body.error).toMatch(message);
  });

  it('answers 400 with zod details for bad path and query values', async () => {
    const result = await invoke(echo, event({ claims: client, id: 'not-a-uuid', query: { limit: '5000' }, body: '{"title":"x"}' }));
    expect(result.status).toBe(400);
    expect(result.body.details.map((d: { path: string }) => d.path)).toEqual(['path.id']);
    const query = await invoke(echo, event({ claims: client, query: { limit: '5000' }, body: '{"title":"x"}' }));
    expect(query.body.details[0].path).toBe('query.limit');
  });

  it('refuses an oversize body with 400 before parsing it', async () => {
    const body = JSON.stringify({ title: 'x'.repeat(1024 * 1024) });
    const result = await invoke(echo, event({ claims: client, body }));
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(/too large/);
  });

  it('answers 401 without a caller and 403 to a client on an admin route', async () => {
    expect((await invoke(echo, event({ body: '{"title":"x"}' }))).status).toBe(401);
    const forbidden = await invoke(adminOnly, event({ claims: client }));
    expect(forbidden).toMatchObject({ status: 403, body: { success: false, error: 'Admin access required' } });
    expect((await invoke(adminOnly, event({ claims: { ...client, 'cognito:groups': '[admin]' } }))).status).toBe(200);
  });

  it('refuses an access token (a caller comes only from an ID token), as no caller at all', async () => {
    const accessToken = { sub: 'client-1', token_use: 'access', client_id: 'site', username: 'client-1' };
    expect((await invoke(echo, event({ claims: accessToken, body: '{"title":"x"}' }))).status).toBe(401);
    expect((await invoke(adminOnly, event({ claims: { ...accessToken, 'cognito:groups': '[admin]' } }))).status).toBe(401);
  });

  it('lets anyone reach a public route', async () => {
    expect((await invoke(open, event())).body).toEqual({ success: true, data: 'anonymous' });
  });

  it('maps domain errors to their status and hides unexpected ones behind a generic 500', async () => {
    const taken = await invoke(echo, event({ claims: client, body: '{"title":"taken"}' }));
    expect(taken).toMatchObject({ status: 409, body: { success: false, error: 'Time slot is not available' } });
    const crash = await invoke(echo, event({ claims: client, body: '{"title":"crash"}' }));
    expect(crash).toMatchObject({ status: 500, body: { success: false, error: 'Internal server error' } });
    expect(JSON.stringify(crash.body)).not.toMatch(/secret/);
  });

  it('answers AWS throttling that outlasted the SDK retries with 503 and Retry-After, wrapped or not', async () => {
    for (const title of ['throttled', 'throttled-sdk']) {
      const busy = await invoke(echo, event({ claims: client, body: JSON.stringify({ title }) }));
      expect(busy, title).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { success: false, error: SERVICE_BUSY } });
    }
  });
});
