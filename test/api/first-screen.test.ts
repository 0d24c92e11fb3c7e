import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useOwnSeededTable } from '../helpers/browser.ts';
import { injectDynamoDbThrottling } from '../helpers/dynamodb-faults.ts';
import { demoTokens, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Routes that serve a page's first screen in one call (each route is a function, and a cold one
 * on a quiet site): the admin dashboard (GET /api/admin/overview) and an appointment's page
 * (GET /api/appointments/{id}/details), with the same answers the separate routes give.
 */
let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

beforeAll(async () => {
  // A table of its own: the answers are compared with the separate routes' a moment later, and
  // other files' requests (and the month's counters they move) would come in between.
  await useOwnSeededTable('first-screen');
  [stack, tokens] = await Promise.all([startTestStack(), demoTokens()]);
});
afterAll(async () => stack?.stop());

const DAY = 86_400_000;
const overview = (token: string, query: Record<string, string>) => call(`${stack.url}/api/admin/overview?${new URLSearchParams(query)}`, { token });

describe('the admin overview', () => {
  it("answers the week's appointments, the pending requests still to come, the month's statistics and the caller's connections, as the separate routes do", async () => {
    const client = await registeredUser(stack.url);
    const slot = requestSlot();
    const created = await call(`${stack.url}/api/appointments`, { method: 'POST', token: client.idToken, json: { title: 'Vue d’ensemble', ...slot } });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const startDate = new Date(Date.parse(slot.startTime) - DAY).toISOString();
    const endDate = new Date(Date.parse(slot.startTime) + 6 * DAY).toISOString();

    const answer = await overview(tokens.admin, { startDate, endDate });
    expect(answer.status).toBe(200);
    const { week, pending, stats, connections } = answer.body.data;
    const inWeek = week.find((row: { id: string }) => row.id === id);
    expect(inWeek).toMatchObject({ status: 'pending', awaiting: 'admin', user: { id: client.id } });
    expect(pending.some((row: { id: string }) => row.id === id)).toBe(true);
    expect(pending.every((row: { status: string }) => row.status === 'pending')).toBe(true);
    // The week holds nothing outside [startDate, endDate).
    for (const row of week) expect(Date.parse(row.endTime) > Date.parse(startDate) && Date.parse(row.startTime) < Date.parse(endDate)).toBe(true);

    // The same as the routes the dashboard called before.
    const list = await call(`${stack.url}/api/admin/appointments?${new URLSearchParams({ startDate, endDate, limit: '100' })}`, { token: tokens.admin });
    expect(week.map((row: { id: string }) => row.id)).toEqual(list.body.data.map((row: { id: string }) => row.id));
    const monthStats = await call(`${stack.url}/api/admin/appointments`, { method: 'POST', token: tokens.admin, json: { action: 'stats' } });
    expect(stats).toEqual(monthStats.body.data);
    const mine = await call(`${stack.url}/api/calendar`, { token: tokens.admin });
    expect(connections).toEqual(mine.body.data);
  });

  it('is for admins only, and says which dates are wrong', async () => {
    const now = Date.now();
    const week = { startDate: new Date(now).toISOString(), endDate: new Date(now + 7 * DAY).toISOString() };
    expect((await overview(tokens.client, week)).status).toBe(403);
    const tooLong = await overview(tokens.admin, { ...week, endDate: new Date(now + 9 * DAY).toISOString() });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body.details)).toContain('at most 8 days after startDate');
    const backwards = await overview(tokens.admin, { startDate: week.endDate, endDate: week.startDate });
    expect(backwards.status).toBe(400);
    expect((await overview(tokens.admin, {})).status).toBe(400);
  });
});

describe("an appointment's page in one call", () => {
  it('answers the appointment, its history and (for admins) the team, as the separate routes do; anyone else gets 404', async () => {
    const client = await registeredUser(stack.url);
    const created = await call(`${stack.url}/api/appointments`, { method: 'POST', token: client.idToken, json: { title: 'Détails', ...requestSlot() } });
    const id = created.body.data.id;
    const details = (token: string) => call(`${stack.url}/api/appointments/${id}/details`, { token });

    const own = await details(client.idToken);
    expect(own.status).toBe(200);
    expect(own.body.data.appointment).toEqual((await call(`${stack.url}/api/appointments/${id}`, { token: client.idToken })).body.data);
    expect(own.body.data.history).toEqual((await call(`${stack.url}/api/appointments/${id}/history`, { token: client.idToken })).body.data);
    // A client is not told who the team is.
    expect(own.body.data.team).toBeUndefined();

    const admin = await details(tokens.admin);
    expect(admin.body.data.appointment).toEqual((await call(`${stack.url}/api/appointments/${id}`, { token: tokens.admin })).body.data);
    expect(admin.body.data.history).toEqual((await call(`${stack.url}/api/appointments/${id}/history`, { token: tokens.admin })).body.data);
    expect(admin.body.data.team).toEqual((await call(`${stack.url}/api/admin/admins`, { token: tokens.admin })).body.data);

    // Someone else's appointment does not exist for them.
    const stranger = await registeredUser(stack.url);
    expect((await details(stranger.idToken)).status).toBe(404);
  });

  it('a history that cannot be read leaves the appointment on the page: history null, still 200', async () => {
    const client = await registeredUser(stack.url);
    const created = await call(`${stack.url}/api/appointments`, { method: 'POST', token: client.idToken, json: { title: 'Sans historique', ...requestSlot() } });
    const faults = injectDynamoDbThrottling();
    // The history is a Query; the appointment and the caller's standing are GetItems.
    faults.throttle(Infinity, { commands: ['Query'] });
    try {
      const answer = await call(`${stack.url}/api/appointments/${created.body.data.id}/details`, { token: client.idToken });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({ appointment: { id: created.body.data.id, title: 'Sans historique' }, history: null });
      expect(faults.refused()).toContain('Query');
    } finally {
      faults.clear();
    }
  });
});
