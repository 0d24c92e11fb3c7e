import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { futureSlot, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The bounds on what one client may ask of the team (issue 19): free-form requests inside the
 * booking window, and at most MAX_OPEN_REQUESTS_PER_CLIENT of them waiting for the team at once.
 */
let stack: TestStack;
const given = process.env.MAX_OPEN_REQUESTS_PER_CLIENT;

beforeAll(async () => {
  // The product's default (the other test files raise it: the demo clients book in all of them).
  delete process.env.MAX_OPEN_REQUESTS_PER_CLIENT;
  resetConfig();
  stack = await startTestStack();
});
afterAll(async () => {
  process.env.MAX_OPEN_REQUESTS_PER_CLIENT = given;
  resetConfig();
  await stack.stop();
});

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const at = (ms: number) => ({ startTime: new Date(ms).toISOString(), endTime: new Date(ms + 3_600_000).toISOString() });

describe('a free-form request obeys the minimum notice and the booking horizon, as a product booking does', () => {
  it('refuses a client’s time under two hours away, beyond 90 days, or in year 9999 (400, naming startTime); an admin’s own is exempt', async () => {
    const client = await registeredUser(stack.url);
    for (const [time, reason] of [
      [at(Date.now() + 60 * 60_000), 'must be at least 2 hours from now'],
      [at(Date.now() + 91 * 86_400_000), 'must be within 90 days from now'],
      [{ startTime: '9999-01-01T09:00:00.000Z', endTime: '9999-01-01T10:00:00.000Z' }, 'must be within 90 days from now'],
    ] as const) {
      const refused = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Trop tôt ou trop loin', ...time } });
      expect(refused).toMatchObject({ status: 400, body: { error: `Invalid request: body.startTime: ${reason}`, details: [{ path: 'body.startTime', message: reason }] } });
    }
    expect((await api('/appointments?limit=10', { token: client.idToken })).body.data).toEqual([]);
    const admin = await registeredUser(stack.url, { admin: true });
    expect((await api('/appointments', { method: 'POST', token: admin.idToken, json: { title: 'Dans six ans', ...futureSlot() } })).status).toBe(201);
  });

  it('refuses a client moving a free-form request beyond the horizon', async () => {
    const client = await registeredUser(stack.url);
    const request = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'À déplacer', ...requestSlot() } })).body.data;
    const moved = await api(`/appointments/${request.id}`, { method: 'PUT', token: client.idToken, json: at(Date.now() + 200 * 86_400_000) });
    expect(moved).toMatchObject({ status: 400, body: { details: [{ path: 'body.startTime', message: 'must be within 90 days from now' }] } });
  });
});

describe('MAX_OPEN_REQUESTS_PER_CLIENT (default 5)', () => {
  it('a sixth request waiting for the team is a 429 saying why; cancelling one makes room; admins and other clients are not limited', async () => {
    const client = await registeredUser(stack.url);
    const day = Date.now() + 5 * 86_400_000;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: `Demande ${i + 1}`, ...at(day + i * 2 * 3_600_000) } });
      expect(created.status).toBe(201);
      ids.push(created.body.data.id);
    }
    const sixth = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Demande 6', ...at(day + 10 * 3_600_000) } });
    expect(sixth).toMatchObject({
      status: 429,
      body: { success: false, error: 'You already have 5 requests waiting for the team: wait for an answer, or cancel one, before asking for another' },
    });
    expect((await api('/appointments?status=pending&limit=10', { token: client.idToken })).body.data).toHaveLength(5);

    // Another client is not concerned; an admin still proposes times to this one.
    const other = await registeredUser(stack.url);
    expect((await api('/appointments', { method: 'POST', token: other.idToken, json: { title: 'Autre client', ...at(day) } })).status).toBe(201);
    const admin = await registeredUser(stack.url, { admin: true });
    const proposal = await api('/admin/appointments', {
      method: 'POST',
      token: admin.idToken,
      json: { action: 'create', clientEmail: client.email, title: 'Proposée', ...at(day + 12 * 3_600_000) },
    });
    expect(proposal.status).toBe(201);

    // Cancelling one of theirs makes room for one more.
    expect((await api(`/appointments/${ids[0]}`, { method: 'PUT', token: client.idToken, json: { status: 'cancelled' } })).status).toBe(200);
    expect((await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Demande 6', ...at(day + 14 * 3_600_000) } })).status).toBe(201);
  });
});
