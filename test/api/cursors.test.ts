import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { listRoutes } from '../../functions/routes.ts';
import { demoTokens, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * A list's `cursor` is opaque to clients, but it is only base64url JSON of the last key read: a
 * client can decode it, change it and send it back. Whatever it sends, the answer is a page or a
 * 400 with the normal error envelope, never a 500 from DynamoDB refusing the start key.
 */

let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let client: Awaited<ReturnType<typeof registeredUser>>;
beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
  // A client of its own with two appointments and two tickets: every list below has a second page.
  client = await registeredUser(stack.url);
  for (let n = 0; n < 2; n++) {
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: `Cursor ${n}`, ...requestSlot() } });
    expect(created.status).toBe(201);
    const ticket = await api('/support/tickets', {
      method: 'POST',
      token: client.idToken,
      json: { category: 'general', subject: `Cursor ${n}`, message: 'A ticket so the list has two pages.' },
    });
    expect(ticket.status).toBe(201);
  }
});
afterAll(() => stack.stop());

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);

/** Every list of the manifest whose query takes a `cursor` (the CSV export shares the admin list's query but reads every page itself). */
const pagedRoutes = listRoutes().filter((route) => {
  const query = route.request?.query;
  return query instanceof z.core.$ZodObject && 'cursor' in query._zod.def.shape && route.response instanceof z.core.$ZodArray;
});

const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
const encode = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
const tokenFor = (access: string) => (access === 'admin' ? tokens.admin : client.idToken);

/** A real next-page cursor of the route (a page of one item). */
async function realCursor(route: (typeof pagedRoutes)[number]): Promise<string> {
  const first = await api(`${route.path.replace('/api', '')}?limit=1`, { token: tokenFor(route.access) });
  expect(first.status, route.key).toBe(200);
  expect(first.body.nextCursor, `${route.key} has a second page`).toEqual(expect.any(String));
  return first.body.nextCursor;
}

function expectRefusedCursor(result: Awaited<ReturnType<typeof api>>, label: string) {
  expect(result.status, label).toBe(400);
  expect(result.body, label).toMatchObject({ success: false, error: expect.stringMatching(/cursor/i) });
}

describe('a tampered cursor is a 400 on every paged list', () => {
  it('covers the paged lists of the manifest', () => {
    expect(pagedRoutes.map((r) => r.key).sort()).toEqual(['GET /api/admin/appointments', 'GET /api/admin/organization/users', 'GET /api/admin/support/tickets', 'GET /api/appointments']);
  });

  it.each(pagedRoutes.map((r) => [r.key, r] as const))('%s: the real cursor works, one with a changed sort key is refused', async (_, route) => {
    const cursor = await realCursor(route);
    const path = route.path.replace('/api', '');
    expect((await api(`${path}?limit=1&cursor=${cursor}`, { token: tokenFor(route.access) })).status, 'the untouched cursor').toBe(200);

    const key = decode(cursor);
    const sortKeys = Object.keys(key).filter((name) => name.endsWith('sk'));
    expect(sortKeys.length).toBeGreaterThan(0);
    for (const sortKey of sortKeys) {
      // Same partition, a sort key outside what the query reads (another entity's prefix).
      for (const tampered of ['$zzz#tampered', '!', `${key[sortKey]}`.slice(0, 3)]) {
        const result = await api(`${path}?limit=1&cursor=${encode({ ...key, [sortKey]: tampered })}`, { token: tokenFor(route.access) });
        expectRefusedCursor(result, `${route.key} with ${sortKey}=${tampered}`);
      }
    }
    // A key with a sort key missing or an extra attribute is not a key of this query either.
    const { [sortKeys[0]!]: _dropped, ...withoutSortKey } = key;
    expectRefusedCursor(await api(`${path}?limit=1&cursor=${encode(withoutSortKey)}`, { token: tokenFor(route.access) }), `${route.key} without ${sortKeys[0]}`);
  });

  it('a cursor outside the date range asked for is refused, not a 500', async () => {
    // The cursor of an unfiltered list, sent with a range that its start time lies outside of.
    const page = await api('/appointments?limit=1', { token: client.idToken });
    const cursor = page.body.nextCursor as string;
    const result = await api(`/appointments?limit=1&startDate=2020-01-01T00:00:00.000Z&endDate=2020-02-01T00:00:00.000Z&cursor=${cursor}`, { token: client.idToken });
    expectRefusedCursor(result, 'a cursor before the range');
  });
});
