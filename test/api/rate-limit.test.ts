import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../functions/routes.ts';
import { clientRateLimiter } from '../../local/gateway.ts';
import {
  PUBLIC_ROUTES_RATE_LIMIT,
  RATE_LIMITED_BODY,
  matchesAnyPath,
  publicPathMatchers,
  type ClientRateLimit,
} from '../../shared/http/client-rate-limit.ts';
import { idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/** The WAF's strict rule (infra/stacks/firewall-stack.ts) with a small count, so a test reaches it in a few calls. */
const LIMIT: ClientRateLimit = { ...PUBLIC_ROUTES_RATE_LIMIT, limit: 5 };

let stack: TestStack;
let port: number;
beforeAll(async () => {
  stack = await startTestStack({ publicRateLimit: LIMIT });
  port = Number(new URL(stack.url).port);
});
afterAll(() => stack.stop());

/**
 * One request from a given loopback address (Linux routes all of 127.0.0.0/8 to lo), so the
 * gateway sees another client: the socket's address is the client, as the viewer's is for WAF.
 */
function request(pathname: string, options: { from?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const outgoing = http.get({ host: '127.0.0.1', port, path: pathname, localAddress: options.from ?? '127.0.0.1', headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
  });
}

describe('per-client rate limit on the public routes (the WAF rule, locally)', () => {
  it("lets one address make the limit's count of public calls, then answers 429 in the API's envelope with Retry-After", async () => {
    const from = '127.0.0.3';
    // Two public routes share one count, as the WAF rule counts every public path of an address.
    for (let i = 0; i < LIMIT.limit; i++) {
      const answer = await request(i % 2 ? '/api/health' : '/api/availability', { from });
      expect(answer.status, `call ${i + 1}`).not.toBe(429);
    }
    const refused = await request('/api/availability', { from });
    expect(refused.status).toBe(429);
    expect(refused.body).toBe(RATE_LIMITED_BODY);
    expect(JSON.parse(refused.body)).toEqual({ success: false, error: expect.stringMatching(/too many requests/i) });
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LIMIT.windowSeconds);
    // Every public route of that address, the OAuth callback and the webhooks included.
    expect((await request('/api/calendar/callback/google?code=x&state=y', { from })).status).toBe(429);
  });

  it('does not believe X-Forwarded-For: a caller cannot pose as another address', async () => {
    const from = '127.0.0.4';
    for (let i = 0; i < LIMIT.limit; i++) await request('/api/health', { from, headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    expect((await request('/api/health', { from, headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(429);
  });

  it('counts each address on its own: another client still gets through', async () => {
    for (let i = 0; i <= LIMIT.limit; i++) await request('/api/health', { from: '127.0.0.5' });
    expect((await request('/api/health', { from: '127.0.0.5' })).status).toBe(429);
    const other = await request('/api/health', { from: '127.0.0.6' });
    expect(other.status).toBe(200);
  });

  it('leaves signed-in routes and the site to the limits of their own', async () => {
    const from = '127.0.0.7';
    for (let i = 0; i <= LIMIT.limit; i++) await request('/api/health', { from });
    expect((await request('/api/health', { from })).status).toBe(429);
    const token = await idTokenFor('client@example.com');
    for (let i = 0; i < LIMIT.limit + 2; i++) {
      const me = await request('/api/me', { from, headers: { authorization: `Bearer ${token}` } });
      expect(me.status, `GET /api/me ${i + 1}`).toBe(200);
    }
    // /config.json is no route of the manifest: the site must load for someone waiting out a 429.
    expect((await request('/config.json', { from })).status).toBe(200);
  });
});

describe('what counts as a public path (shared with the WAF rule)', () => {
  const matchers = publicPathMatchers(listRoutes());

  it('matches every public route of the manifest and no signed-in one', () => {
    const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x');
    for (const route of listRoutes()) {
      expect(matchesAnyPath(matchers, concrete(route.path)), route.key).toBe(route.access === 'public');
    }
  });

  it('starts a new window for an address once its window is over, and says how long is left until then', () => {
    const allow = clientRateLimiter({ limit: 2, windowSeconds: 60 });
    const start = 1_000_000;
    expect(allow('a', start)).toEqual({ allowed: true });
    expect(allow('a', start + 1_000)).toEqual({ allowed: true });
    expect(allow('a', start + 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(allow('b', start + 20_000)).toEqual({ allowed: true });
    expect(allow('a', start + 60_000)).toEqual({ allowed: true });
  });
});
