/**
 * Issue 19, availability edge cases, through the API: what GET /api/availability offers and what
 * POST /api/appointments accepts must follow the same rules.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAhead, demoTokens, registeredUser, wallClock } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
});
afterAll(() => stack.stop());

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
// Fresh profiles take the business's zone (DEFAULT_TIMEZONE): the admins' slots are Paris wall-clock.
const ZONE = 'Europe/Paris';

const paris = (date: string, time: string) => wallClock(date, time, ZONE);

async function newProduct(durationMinutes: number) {
  const created = await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: `Séance ${randomUUID().slice(0, 8)}`, durationMinutes } });
  expect(created.status).toBe(201);
  return created.body.data as { id: string };
}

/** "HH:mm×remaining" (Paris) per slot the public route offers for one admin, product and date. */
async function offered(adminId: string, productId: string, date: string) {
  const result = await api(`/availability?from=${date}&to=${date}T23:59:59%2B01:00&adminId=${adminId}&productId=${productId}&timezone=${ZONE}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body.data.slots as Array<{ startTime: string; remaining: number }>).map((slot) => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(slot.startTime));
    return `${local}×${slot.remaining}`;
  });
}

describe('capacity counts simultaneous bookings', () => {
  it('a capacity-2 window with 09:00-09:30 and 09:30-10:00 booked still offers and accepts 09:00-10:00; a booking where two would run at once is 409', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const { date, dayOfWeek } = dayAhead(23);
    const [half, hour] = [await newProduct(30), await newProduct(60)];
    // One window for any product: 30-minute products step 09:00, 09:30 …, 60-minute ones 09:00, 10:00 ….
    const slot = await api('/admin/availability/slots', { method: 'POST', token: admin.idToken, json: { dayOfWeek, startTime: '09:00', endTime: '11:00', duration: 60, maxAppointments: 2 } });
    expect(slot.status, JSON.stringify(slot.body)).toBe(201);
    // Four clients: a client's own time is held at capacity 1, so each booking needs its own.
    const [first, second, third, fourth] = await Promise.all(Array.from({ length: 4 }, () => registeredUser(stack.url)));
    const book = (client: { idToken: string }, productId: string, time: string) =>
      api('/appointments', { method: 'POST', token: client.idToken, json: { productId, startTime: paris(date, time), adminId: admin.id } });

    expect((await book(first!, half.id, '09:00')).status).toBe(201);
    expect((await book(second!, half.id, '09:30')).status).toBe(201);
    // At most one of the two is in progress at any instant: one place of two is left.
    expect(await offered(admin.id, hour.id, date)).toEqual(['09:00×1', '10:00×2']);
    const whole = await book(third!, hour.id, '09:00');
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    expect(whole.body.data).toMatchObject({ startTime: paris(date, '09:00'), endTime: paris(date, '10:00') });

    // Now 09:00-09:30 has two at once (the first and the third): full. So is 09:30-10:00.
    expect(await offered(admin.id, hour.id, date)).toEqual(['10:00×2']);
    expect(await offered(admin.id, half.id, date)).toEqual(['10:00×2', '10:30×2']);
    expect(await book(fourth!, half.id, '09:00')).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
    expect(await book(fourth!, half.id, '09:30')).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
  });
});
