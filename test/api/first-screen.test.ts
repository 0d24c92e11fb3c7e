import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTokens, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * GET /api/admin/overview: the admin dashboard's first screen in one call (one function woken
 * instead of three), with the same rows, figures and connections the separate routes give.
 */
let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

beforeAll(async () => {
  [stack, tokens] = await Promise.all([startTestStack(), demoTokens()]);
});
afterAll(async () => stack?.stop());

const DAY = 86_400_000;
const overview = (token: string, query: Record<string, string>) => call(`${stack.url}/api/admin/overview?${new URLSearchParams(query)}`, { token });

describe('the admin overview', () => {
  it("answers the week's appointments, every pending request, the month's statistics and the caller's connections, as the separate routes do", async () => {
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
