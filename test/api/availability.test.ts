import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppointment } from '../../shared/db/appointments.ts';
import { exceptionBody, slotBody } from '../../shared/api/availability.ts';
import { putBusyBlocks } from '../../shared/db/busy-blocks.ts';
import { createException } from '../../shared/db/exceptions.ts';
import { createSlot, replaceSlot } from '../../shared/db/slots.ts';
import { db } from '../../shared/db/service.ts';
import { dayAhead, demoTokens, registeredUser, wallClock } from '../helpers/fixtures.ts';
import { STANDING_READ, countDynamoDbRequests } from '../helpers/request-counter.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
});
afterAll(() => stack.stop());

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const DAY = 86_400_000;
// Fresh profiles take the business's zone (DEFAULT_TIMEZONE): the admins' slots are Paris wall-clock.
const ZONE = 'Europe/Paris';

/** The UTC instant of a wall-clock time on `date` in `zone`. */
const zoned = wallClock;
const paris = (date: string, time: string) => wallClock(date, time, ZONE);

async function newAdmin() {
  const admin = await registeredUser(stack.url, { admin: true });
  return { ...admin, token: admin.idToken };
}

async function newProduct(fields: Record<string, unknown> = {}) {
  const created = await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: `Séance ${randomUUID().slice(0, 8)}`, durationMinutes: 60, ...fields } });
  expect(created.status).toBe(201);
  return created.body.data as { id: string; name: string; durationMinutes: number; price: number };
}

async function newSlot(token: string, fields: Record<string, unknown>) {
  const created = await api('/admin/availability/slots', { method: 'POST', token, json: { startTime: '09:00', endTime: '12:00', duration: 60, ...fields } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.data as { id: string };
}

/** The public route for one admin on one date (Paris); returns "HH:mm×remaining" per slot. */
async function offered(adminId: string, date: string, extra = '') {
  const result = await api(`/availability?from=${date}&to=${date}T23:59:59%2B01:00&adminId=${adminId}&timezone=${ZONE}${extra}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body.data.slots as Array<{ startTime: string; remaining: number }>).map((slot) => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(slot.startTime));
    return `${local}×${slot.remaining}`;
  });
}

describe('products', () => {
  it('admins create, list, change and delete them; the public list shows only active ones, without a token', async () => {
    const product = await newProduct({ description: 'Bilan', price: 4500, currency: 'EUR' });
    expect(product).toMatchObject({ durationMinutes: 60, price: 4500, active: true });
    const hidden = await newProduct({ active: false });

    const publicList = await api('/products');
    expect(publicList.status).toBe(200);
    const ids = publicList.body.data.map((p: { id: string }) => p.id);
    expect(ids).toContain(product.id);
    expect(ids).not.toContain(hidden.id);
    expect(publicList.body.data.find((p: { id: string }) => p.id === product.id)).toEqual({ id: product.id, name: product.name, description: 'Bilan', durationMinutes: 60, price: 4500, currency: 'EUR' });

    const changed = await api(`/admin/products/${product.id}`, { method: 'PUT', token: tokens.admin, json: { price: 5000, description: null } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: product.id, price: 5000, durationMinutes: 60 });
    expect(changed.body.data).not.toHaveProperty('description');
    const all = await api('/admin/products', { token: tokens.admin });
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([product.id, hidden.id]));

    expect((await api(`/admin/products/${hidden.id}`, { method: 'DELETE', token: tokens.admin })).body).toEqual({ success: true, data: { id: hidden.id, deleted: true } });
    expect((await api(`/admin/products/${hidden.id}`, { method: 'DELETE', token: tokens.admin })).status).toBe(404);
    expect((await api(`/admin/products/${hidden.id}`, { method: 'PUT', token: tokens.admin, json: { price: 1 } })).status).toBe(404);
  });

  it('refuses bad fields with a clear 400, and deleting a product a slot uses with 409', async () => {
    const bad = await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'x', durationMinutes: 7.5 } });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/body\.durationMinutes: must be a whole number of minutes/) } });
    expect((await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'x', durationMinutes: 60, price: -1 } })).body.error).toMatch(/body\.price/);
    expect((await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'x', durationMinutes: 60, currency: 'euro' } })).body.error).toMatch(/body\.currency/);
    const product = await newProduct();
    expect((await api(`/admin/products/${product.id}`, { method: 'PUT', token: tokens.admin, json: { durationMinutes: 0 } })).body.error).toMatch(/body\.durationMinutes/);

    const admin = await newAdmin();
    await newSlot(admin.token, { dayOfWeek: 1, productId: product.id });
    const refused = await api(`/admin/products/${product.id}`, { method: 'DELETE', token: tokens.admin });
    expect(refused).toMatchObject({ status: 409, body: { error: expect.stringMatching(/used by 1 weekly slot/) } });
  });
});

describe('weekly slots', () => {
  it('are owned by their admin, in the admin’s profile time zone, and listed in weekly order', async () => {
    const admin = await newAdmin();
    await newSlot(admin.token, { dayOfWeek: 3, startTime: '14:00', endTime: '18:00' });
    const monday = await newSlot(admin.token, { dayOfWeek: 1, bufferBefore: 10, bufferAfter: 15, maxAppointments: 2 });
    const list = await api('/admin/availability/slots', { token: admin.token });
    expect(list.body.data.map((s: { dayOfWeek: number }) => s.dayOfWeek)).toEqual([1, 3]);
    expect(list.body.data[0]).toMatchObject({ id: monday.id, userId: admin.id, timezone: ZONE, startTime: '09:00', endTime: '12:00', duration: 60, bufferBefore: 10, bufferAfter: 15, maxAppointments: 2, isActive: true });
    // Another admin sees only their own.
    expect((await api('/admin/availability/slots', { token: tokens.admin })).body.data.map((s: { id: string }) => s.id)).not.toContain(monday.id);

    const changed = await api(`/admin/availability/slots/${monday.id}`, { method: 'PUT', token: admin.token, json: { endTime: '24:00', isActive: false } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: monday.id, endTime: '24:00', isActive: false, maxAppointments: 2 });
    expect((await api(`/admin/availability/slots/${monday.id}`, { method: 'DELETE', token: admin.token })).status).toBe(200);
    expect((await api('/admin/availability/slots', { token: admin.token })).body.data).toHaveLength(1);
  });

  it.each([
    ['a malformed time', { startTime: '9:00' }, /body\.startTime: must be a time HH:mm/],
    ['24:00 as a start', { startTime: '24:00' }, /body\.startTime/],
    ['25:00 as an end', { endTime: '25:00' }, /body\.endTime: must be a time HH:mm/],
    ['end before start', { startTime: '12:00', endTime: '09:00' }, /body\.endTime: must be after startTime/],
    ['end equal to start', { startTime: '12:00', endTime: '12:00' }, /body\.endTime: must be after startTime/],
    ['a window shorter than a slot', { startTime: '09:00', endTime: '09:30' }, /at least one slot of 60 minutes/],
    ['a negative buffer', { bufferBefore: -5 }, /body\.bufferBefore: must be 0 to 240 minutes/],
    ['a huge buffer', { bufferAfter: 500 }, /body\.bufferAfter/],
    ['a fractional duration', { duration: 30.5 }, /body\.duration/],
    ['a 1-minute duration', { duration: 1 }, /body\.duration/],
    ['dayOfWeek 7', { dayOfWeek: 7 }, /body\.dayOfWeek: must be 0 \(Sunday\) to 6/],
    ['maxAppointments 0', { maxAppointments: 0 }, /body\.maxAppointments/],
    ['an unknown field', { colour: 'red' }, /colour/],
    ['an unknown product', { productId: randomUUID() }, /body\.productId: no product has this id/],
  ])('refuses %s with 400', async (_, fields, message) => {
    const admin = await newAdmin();
    const result = await api('/admin/availability/slots', { method: 'POST', token: admin.token, json: { dayOfWeek: 1, startTime: '09:00', endTime: '12:00', duration: 60, ...fields } });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(message);
    expect((await api('/admin/availability/slots', { token: admin.token })).body.data).toEqual([]);
  });

  it('refuses a window overlapping another for the same day and product (409), on create and on change', async () => {
    const admin = await newAdmin();
    const product = await newProduct();
    const first = await newSlot(admin.token, { dayOfWeek: 2 });
    const overlap = await api('/admin/availability/slots', { method: 'POST', token: admin.token, json: { dayOfWeek: 2, startTime: '11:00', endTime: '13:00', duration: 60 } });
    expect(overlap).toMatchObject({ status: 409, body: { error: 'This window overlaps your Tuesday 09:00–12:00 window' } });
    // Touching, another day, another product: all fine.
    const later = await newSlot(admin.token, { dayOfWeek: 2, startTime: '12:00', endTime: '14:00' });
    await newSlot(admin.token, { dayOfWeek: 3, startTime: '11:00', endTime: '13:00' });
    await newSlot(admin.token, { dayOfWeek: 2, startTime: '11:00', endTime: '13:00', productId: product.id });
    const moved = await api(`/admin/availability/slots/${later.id}`, { method: 'PUT', token: admin.token, json: { startTime: '11:30' } });
    expect(moved.status).toBe(409);
    // A change that keeps the window where it is does not collide with itself.
    expect((await api(`/admin/availability/slots/${first.id}`, { method: 'PUT', token: admin.token, json: { maxAppointments: 4 } })).status).toBe(200);
    // The merged slot is validated whole.
    const inverted = await api(`/admin/availability/slots/${first.id}`, { method: 'PUT', token: admin.token, json: { startTime: '13:00' } });
    expect(inverted).toMatchObject({ status: 400, body: { error: expect.stringMatching(/body\.endTime: must be after startTime/) } });
  });

  it("BOLA: an admin cannot change or delete another admin's slot (404, nothing changed)", async () => {
    const owner = await newAdmin();
    const intruder = await newAdmin();
    const slot = await newSlot(owner.token, { dayOfWeek: 4 });
    const put = await api(`/admin/availability/slots/${slot.id}`, { method: 'PUT', token: intruder.token, json: { maxAppointments: 9 } });
    expect(put).toMatchObject({ status: 404, body: { success: false, error: 'Slot not found' } });
    const del = await api(`/admin/availability/slots/${slot.id}`, { method: 'DELETE', token: intruder.token });
    expect(del).toMatchObject({ status: 404, body: { error: 'Slot not found' } });
    expect((await api('/admin/availability/slots', { token: owner.token })).body.data).toEqual([expect.objectContaining({ id: slot.id, maxAppointments: 1 })]);
  });
});

describe('exceptions', () => {
  it('block a whole date, part of a date, or add a window; they are owner-scoped', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(15);
    await newSlot(admin.token, { dayOfWeek });
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '10:00×1', '11:00×1']);

    const partial = await api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json: { date, isAvailable: false, startTime: '10:30', endTime: '11:00', reason: 'Dentist' } });
    expect(partial.status).toBe(201);
    expect(partial.body.data).toMatchObject({ date, isAvailable: false, startTime: '10:30', endTime: '11:00', reason: 'Dentist', userId: admin.id, timezone: ZONE });
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '11:00×1']);

    const extra = await api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json: { date, isAvailable: true, startTime: '16:00', endTime: '18:00', reason: 'Late opening' } });
    expect(extra.status).toBe(201);
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '11:00×1', '16:00×1', '17:00×1']);

    // Clearing the times makes the block cover the whole date (the extra window too).
    const whole = await api(`/admin/availability/exceptions/${partial.body.data.id}`, { method: 'PUT', token: admin.token, json: { startTime: null, endTime: null, reason: 'Vacation' } });
    expect(whole.status).toBe(200);
    expect(whole.body.data).not.toHaveProperty('startTime');
    expect(await offered(admin.id, date)).toEqual([]);

    const list = await api('/admin/availability/exceptions', { token: admin.token });
    expect(list.body.data.map((e: { reason: string }) => e.reason).sort()).toEqual(['Late opening', 'Vacation']);

    const intruder = await newAdmin();
    expect((await api(`/admin/availability/exceptions/${whole.body.data.id}`, { method: 'PUT', token: intruder.token, json: { reason: 'x' } })).body).toMatchObject({ error: 'Exception not found' });
    expect((await api(`/admin/availability/exceptions/${whole.body.data.id}`, { method: 'DELETE', token: intruder.token })).status).toBe(404);
    expect((await api(`/admin/availability/exceptions/${whole.body.data.id}`, { method: 'DELETE', token: admin.token })).status).toBe(200);
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '10:00×1', '11:00×1', '16:00×1', '17:00×1']);
  });

  it.each([
    ['an impossible date', { date: '2027-02-30', isAvailable: false }, /body\.date: must be a real date/],
    ['a date with a time', { date: '2027-02-03T10:00:00Z', isAvailable: false }, /body\.date/],
    ['no isAvailable', { date: '2027-02-03' }, /body\.isAvailable/],
    ['an extra window without times', { date: '2027-02-03', isAvailable: true }, /body\.startTime: an extra window/],
    ['only one time', { date: '2027-02-03', isAvailable: false, startTime: '10:00' }, /body\.endTime: give both startTime and endTime/],
    ['end before start', { date: '2027-02-03', isAvailable: false, startTime: '10:00', endTime: '09:00' }, /body\.endTime: must be after startTime/],
    ['a malformed time', { date: '2027-02-03', isAvailable: true, startTime: '10h', endTime: '11:00' }, /body\.startTime: must be a time HH:mm/],
  ])('refuses %s with 400', async (_, json, message) => {
    const admin = await newAdmin();
    const result = await api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(message);
  });
});

describe('public availability', () => {
  it('works without a token: slots with admin and remaining, and the same grouped by day in the asked zone', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(10);
    await newSlot(admin.token, { dayOfWeek, startTime: '00:00', endTime: '02:00' });
    const result = await api(`/availability?from=${date}&to=${date}T23:00:00Z&adminId=${admin.id}&timezone=America/New_York`);
    expect(result.status).toBe(200);
    const slots = [
      { startTime: paris(date, '00:00'), endTime: paris(date, '01:00'), adminId: admin.id, remaining: 1 },
      { startTime: paris(date, '01:00'), endTime: paris(date, '02:00'), adminId: admin.id, remaining: 1 },
    ];
    // `from` as a bare date is midnight in the asked zone, which is after Paris midnight: ask from the day before.
    const before = new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    const wide = await api(`/availability?from=${before}&to=${date}T23:00:00Z&adminId=${admin.id}&timezone=America/New_York`);
    expect(wide.body.data.slots).toEqual(slots);
    // Midnight in Paris is the previous evening in New York.
    expect(wide.body.data.days).toEqual([{ date: before, slots }]);
    expect(wide.body.data).toMatchObject({ timezone: 'America/New_York', from: zoned(before, '00:00', 'America/New_York') });
    expect(result.body.data.slots).toEqual([]);
  });

  it('slot length is the product’s duration, and only windows serving that product (or any) count', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(11);
    const long = await newProduct({ durationMinutes: 90 });
    const other = await newProduct();
    await newSlot(admin.token, { dayOfWeek });
    await newSlot(admin.token, { dayOfWeek, startTime: '14:00', endTime: '16:00', productId: other.id });
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '10:00×1', '11:00×1', '14:00×1', '15:00×1']);
    expect(await offered(admin.id, date, `&productId=${long.id}`)).toEqual(['09:00×1', '10:30×1']);
    expect(await offered(admin.id, date, `&productId=${other.id}`)).toEqual(['09:00×1', '10:00×1', '11:00×1', '14:00×1', '15:00×1']);
    expect((await api(`/availability?from=${date}&to=${date}T23:00:00Z&productId=${randomUUID()}`)).status).toBe(404);
  });

  it('honours busy blocks imported from a connected calendar, with the slot buffers', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(12);
    await newSlot(admin.token, { dayOfWeek, bufferBefore: 15 });
    await putBusyBlocks([{ connectionId: randomUUID(), externalId: 'evt-1', ownerId: admin.id, startTime: paris(date, '10:15'), endTime: paris(date, '10:45') }]);
    // The 10:00 slot overlaps it; 09:00–10:00 plus its 15-minute bufferBefore only touches it.
    expect(await offered(admin.id, date)).toEqual(['09:00×1', '11:00×1']);
    await putBusyBlocks([{ connectionId: randomUUID(), externalId: 'evt-2', ownerId: admin.id, startTime: paris(date, '12:10'), endTime: paris(date, '13:00') }]);
    // bufferBefore: the 11:00–12:00 slot needs 15 free minutes after it.
    expect(await offered(admin.id, date)).toEqual(['09:00×1']);
  });

  it('a busy block longer than a day is stored in pieces and blocks every day it covers', async () => {
    const admin = await newAdmin();
    const first = dayAhead(20);
    const second = dayAhead(21);
    await newSlot(admin.token, { dayOfWeek: first.dayOfWeek });
    await newSlot(admin.token, { dayOfWeek: second.dayOfWeek });
    const connectionId = randomUUID();
    await putBusyBlocks([{ connectionId, externalId: 'holiday', ownerId: admin.id, startTime: paris(dayAhead(17).date, '00:00'), endTime: paris(second.date, '10:30') }]);
    const { data } = await db().entities.busyBlock.query.byConnection({ connectionId }).go();
    expect(data.length).toBeGreaterThanOrEqual(4);
    expect(data.every((piece) => Date.parse(piece.endTime) - Date.parse(piece.startTime) <= DAY)).toBe(true);
    expect(await offered(admin.id, first.date)).toEqual([]);
    expect(await offered(admin.id, second.date)).toEqual(['11:00×1']);
  });

  it.each([
    ['more than 93 days', 'from=2030-01-01&to=2030-04-05', /query\.to: the range is at most 93 days/],
    ['from after to', 'from=2030-01-02&to=2030-01-01', /query\.to: must be after from/],
    ['from equal to to', 'from=2030-01-01T10:00:00Z&to=2030-01-01T10:00:00Z', /query\.to: must be after from/],
    ['a bad time zone', 'from=2030-01-01&to=2030-01-02&timezone=Europe/Atlantis', /query\.timezone: must be an IANA time zone/],
    ['a date-time without an offset', 'from=2030-01-01T10:00:00&to=2030-01-02', /query\.from/],
    ['no range', '', /query\.from/],
    ['a bad admin id', 'from=2030-01-01&to=2030-01-02&adminId=alice', /query\.adminId/],
  ])('refuses %s with 400', async (_, query, message) => {
    const result = await api(`/availability?${query}`);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ success: false, error: expect.stringMatching(message) });
  });

  it('offers nothing inside the minimum notice or beyond the horizon', async () => {
    const admin = await newAdmin();
    for (let dayOfWeek = 0; dayOfWeek < 7; dayOfWeek++) await newSlot(admin.token, { dayOfWeek, startTime: '00:00', endTime: '24:00' });
    const now = Date.now();
    const soon = await api(`/availability?from=${new Date(now).toISOString()}&to=${new Date(now + 6 * 3_600_000).toISOString()}&adminId=${admin.id}`);
    const first = Date.parse(soon.body.data.slots[0].startTime);
    expect(first).toBeGreaterThanOrEqual(now + 2 * 3_600_000);
    expect(first).toBeLessThan(now + 3 * 3_600_000 + 60_000);
    const far = await api(`/availability?from=${new Date(now + 89 * DAY).toISOString()}&to=${new Date(now + 92 * DAY).toISOString()}&adminId=${admin.id}`);
    const last = Date.parse(far.body.data.slots.at(-1).startTime);
    expect(last).toBeLessThan(now + 90 * DAY + 60_000);
    expect(last).toBeGreaterThan(now + 90 * DAY - 2 * 3_600_000);
  });

  it('answers 500 (and logs) rather than crash when stored data slipped past validation', async () => {
    const adminId = randomUUID();
    const item = { id: randomUUID(), userId: adminId, dayOfWeek: 1, startTime: '9h', endTime: '12:00', duration: 60, timezone: ZONE };
    await db().entities.appointmentSlot.put(item).go();
    try {
      const from = new Date(Date.now() + DAY).toISOString();
      const result = await api(`/availability?from=${from}&to=${new Date(Date.now() + 9 * DAY).toISOString()}&adminId=${adminId}`);
      expect(result).toMatchObject({ status: 500, body: { success: false, error: 'Availability could not be computed' } });
    } finally {
      await db().entities.appointmentSlot.delete({ userId: adminId, id: item.id }).go();
    }
  });

  it('the demo admin offers slots out of the box', async () => {
    const from = new Date(Date.now() + DAY).toISOString();
    const to = new Date(Date.now() + 15 * DAY).toISOString();
    const result = await api(`/availability?from=${from}&to=${to}&adminId=${tokens.adminId}`);
    expect(result.status).toBe(200);
    expect(result.body.data.slots.length).toBeGreaterThan(20);
  });
});

describe('booking an offered slot (POST /api/appointments with productId)', () => {
  it('books it: end from the product, paid type and price, pending, assigned to the slot’s admin; remaining drops', async () => {
    const admin = await newAdmin();
    const client = await registeredUser(stack.url);
    const { date, dayOfWeek } = dayAhead(16);
    const product = await newProduct({ durationMinutes: 45, price: 7500, currency: 'EUR', name: 'Expertise' });
    await newSlot(admin.token, { dayOfWeek, maxAppointments: 3, duration: 45 });
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['09:00×3', '09:45×3', '10:30×3', '11:15×3']);

    const booked = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '09:45'), adminId: admin.id } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.data).toMatchObject({
      userId: client.id,
      title: 'Expertise',
      productId: product.id,
      startTime: paris(date, '09:45'),
      endTime: paris(date, '10:30'),
      status: 'pending',
      type: 'paid',
      price: 7500,
      currency: 'EUR',
      assignedAdminId: admin.id,
    });
    expect((await getAppointment(booked.body.data.id))?.adminCapacity).toBe(3);
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['09:00×3', '09:45×2', '10:30×3', '11:15×3']);

    // A free product makes a free booking; a title may be given.
    const free = await newProduct({ durationMinutes: 45 });
    const other = await registeredUser(stack.url);
    const second = await api('/appointments', { method: 'POST', token: other.idToken, json: { productId: free.id, startTime: paris(date, '09:45'), adminId: admin.id, title: 'Mon titre' } });
    expect(second.body.data).toMatchObject({ type: 'free', price: 0, title: 'Mon titre', assignedAdminId: admin.id });
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['09:00×3', '09:45×1', '10:30×3', '11:15×3']);
    // A cancelled booking gives its place back.
    await api(`/appointments/${second.body.data.id}`, { method: 'DELETE', token: other.idToken });
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['09:00×3', '09:45×2', '10:30×3', '11:15×3']);
  });

  it('a slot with maxAppointments 3 accepts exactly 3 of 10 parallel bookings by 10 clients', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(18);
    const product = await newProduct();
    await newSlot(admin.token, { dayOfWeek, maxAppointments: 3 });
    const clients = await Promise.all(Array.from({ length: 10 }, () => registeredUser(stack.url)));
    const startTime = paris(date, '10:00');
    const results = await Promise.all(clients.map((c) => api('/appointments', { method: 'POST', token: c.idToken, json: { productId: product.id, startTime, adminId: admin.id } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(7);
    expect(refused.map((r) => r.body.error)).toEqual(Array(7).fill('Time slot is not available'));
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['09:00×3', '11:00×3']);
    const listed = await api(`/admin/appointments?assignedAdminId=${admin.id}&startDate=${date}&endDate=${date}T23:59:59Z`, { token: tokens.admin });
    expect(listed.body.data).toHaveLength(3);
  });

  it('buffers are part of the race-free check: of two parallel bookings of neighbouring slots only a buffer apart, exactly one wins (20 pairs)', async () => {
    // 30-minute slots with 15 minutes after each appointment: 10:00 and 10:30 are both offered,
    // but whichever is booked first takes the other away (its buffer, or the other's, overlaps).
    const admin = await newAdmin();
    const product = await newProduct({ durationMinutes: 30 });
    for (let dayOfWeek = 0; dayOfWeek < 7; dayOfWeek++) {
      await newSlot(admin.token, { dayOfWeek, startTime: '09:00', endTime: '12:00', duration: 30, bufferAfter: 15, productId: product.id });
    }
    const [early, late] = await Promise.all([registeredUser(stack.url), registeredUser(stack.url)]);
    const book = (client: { idToken: string }, date: string, time: string) =>
      api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, time), adminId: admin.id } });

    // In parallel: one pair per day (its own schedule days), 20 pairs at once.
    const dates = Array.from({ length: 20 }, (_, i) => dayAhead(30 + i).date);
    const pairs = await Promise.all(dates.map((date) => Promise.all([book(early, date, '10:00'), book(late, date, '10:30')])));
    for (const [index, pair] of pairs.entries()) {
      expect(pair.map((r) => r.status).sort(), `${dates[index]}: ${JSON.stringify(pair.map((r) => r.body))}`).toEqual([201, 409]);
      expect(pair.find((r) => r.status === 409)!.body.error).toBe('Time slot is not available');
    }

    // In order, either way round: the second is refused (the later one's buffer, or the earlier one's).
    const inOrder = dayAhead(29).date;
    expect(await offered(admin.id, inOrder, `&productId=${product.id}`)).toEqual(['09:00×1', '09:30×1', '10:00×1', '10:30×1', '11:00×1', '11:30×1']);
    expect((await book(late, inOrder, '10:30')).status).toBe(201);
    expect(await offered(admin.id, inOrder, `&productId=${product.id}`)).toEqual(['09:00×1', '09:30×1', '11:30×1']);
    expect(await book(early, inOrder, '10:00')).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
    const { data } = await db().entities.appointment.query.byAdmin({ assignedAdminId: admin.id }).go({ pages: 'all' });
    expect(data).toHaveLength(21);
  });

  it('refuses a start that is not offered with 409 and a clear message', async () => {
    const admin = await newAdmin();
    const client = await registeredUser(stack.url);
    const { date, dayOfWeek } = dayAhead(19);
    const product = await newProduct();
    await newSlot(admin.token, { dayOfWeek });
    for (const startTime of [paris(date, '09:07'), paris(date, '13:00'), paris(dayAhead(20).date, '09:00')]) {
      const result = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime, adminId: admin.id } });
      expect(result).toMatchObject({ status: 409, body: { success: false, error: 'This time is no longer available', details: [{ path: 'body.startTime' }] } });
    }
    // Another admin's id: that admin offers nothing.
    const wrongAdmin = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '09:00'), adminId: tokens.jeanId } });
    expect(wrongAdmin.status).toBe(409);
    expect((await api('/appointments?limit=200', { token: client.idToken })).body.data).toEqual([]);
  });

  it('refuses an inconsistent or unknown product booking with 400', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(19);
    const product = await newProduct();
    const inactive = await newProduct({ active: false });
    await newSlot(admin.token, { dayOfWeek });
    const startTime = paris(date, '09:00');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ productId: randomUUID(), startTime }, /body\.productId: no active product has this id/],
      [{ productId: inactive.id, startTime }, /body\.productId: no active product/],
      [{ productId: product.id, startTime, endTime: paris(date, '09:30') }, /body\.endTime: this product's slot ends at/],
      [{ productId: product.id, startTime, price: 0 }, /body\.price: comes from the product/],
      [{ productId: product.id, startTime, assignedAdminId: admin.id }, /body\.assignedAdminId: a slot booking is assigned to the slot's admin/],
      [{ startTime }, /body\.title: is required \(or give productId/],
      [{ title: 'x', startTime, adminId: admin.id }, /body\.endTime: is required/],
    ];
    for (const [json, message] of cases) {
      const result = await api('/appointments', { method: 'POST', token: tokens.client, json });
      expect(result.status, JSON.stringify(json)).toBe(400);
      expect(result.body.error).toMatch(message);
    }
    // An end that matches is accepted.
    const client = await registeredUser(stack.url);
    const exact = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime, endTime: paris(date, '10:00'), adminId: admin.id } });
    expect(exact.status).toBe(201);
  });

  it('without adminId, the admin offering that start is assigned', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(24);
    const product = await newProduct({ durationMinutes: 20 });
    // Other admins' windows start on the hour or half hour, so 07:25 is on no other grid of 20 minutes.
    await newSlot(admin.token, { dayOfWeek, startTime: '07:05', endTime: '08:05', duration: 20, productId: product.id });
    const client = await registeredUser(stack.url);
    const booked = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '07:25') } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.data).toMatchObject({ assignedAdminId: admin.id, endTime: paris(date, '07:45') });
  });

  it("an admin's other appointments (not booked from slots) block slots, with the slot's buffers", async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(22);
    const product = await newProduct();
    await newSlot(admin.token, { dayOfWeek, bufferAfter: 30 });
    // The admin's own meeting just before the window: 08:00–08:45 + 30 minutes reaches into 09:00.
    const meeting = await api('/appointments', { method: 'POST', token: admin.token, json: { title: 'Réunion interne', startTime: paris(date, '08:00'), endTime: paris(date, '08:45') } });
    expect(meeting.status).toBe(201);
    expect(await offered(admin.id, date, `&productId=${product.id}`)).toEqual(['10:00×1', '11:00×1']);
    const blocked = await api('/appointments', { method: 'POST', token: tokens.client, json: { productId: product.id, startTime: paris(date, '09:00'), adminId: admin.id } });
    expect(blocked).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
  });
});

describe('rescheduling a product booking (PUT /api/appointments/{id})', () => {
  it('lands only on an offered slot of its product for its admin, and takes that window’s capacity', async () => {
    const admin = await newAdmin();
    const [client, second, third] = await Promise.all([registeredUser(stack.url), registeredUser(stack.url), registeredUser(stack.url)]);
    const product = await newProduct();
    const a = dayAhead(33);
    const b = dayAhead(34);
    // Day A: capacity 1 and 30 minutes free after each appointment; day B (every week): capacity 2.
    await newSlot(admin.token, { dayOfWeek: a.dayOfWeek, bufferAfter: 30 });
    await newSlot(admin.token, { dayOfWeek: b.dayOfWeek, maxAppointments: 2 });
    const booked = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(a.date, '09:00'), adminId: admin.id } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.data.id as string;
    const move = (json: Record<string, unknown>) => api(`/appointments/${id}`, { method: 'PUT', token: admin.token, json });

    // 10:00 is hidden only by this appointment's own 09:00 booking and its buffer: it does not count against itself.
    const next = await move({ startTime: paris(a.date, '10:00') });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.data).toMatchObject({ startTime: paris(a.date, '10:00'), endTime: paris(a.date, '11:00'), assignedAdminId: admin.id });

    // Not offered: outside every window, a day without one, an exception, busy time from a connected calendar.
    const exception = await api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json: { date: b.date, isAvailable: false, startTime: '09:00', endTime: '10:00', reason: 'Médecin' } });
    expect(exception.status).toBe(201);
    await putBusyBlocks([{ connectionId: randomUUID(), externalId: 'evt-moved-onto', ownerId: admin.id, startTime: paris(b.date, '11:15'), endTime: paris(b.date, '11:45') }]);
    for (const startTime of [paris(b.date, '13:00'), paris(dayAhead(35).date, '10:00'), paris(b.date, '09:00'), paris(b.date, '11:00')]) {
      const refused = await move({ startTime });
      expect(refused, startTime).toMatchObject({ status: 409, body: { success: false, error: 'This time is no longer available', details: [{ path: 'body.startTime' }] } });
    }
    // Full: two other clients take both places of B 10:00.
    for (const other of [second, third]) {
      const taken = await api('/appointments', { method: 'POST', token: other.idToken, json: { productId: product.id, startTime: paris(b.date, '10:00'), adminId: admin.id } });
      expect(taken.status).toBe(201);
    }
    expect(await move({ startTime: paris(b.date, '10:00') })).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
    // Another admin who offers nothing then; an end other than the product's.
    const other = await newAdmin();
    expect(await move({ assignedAdminId: other.id })).toMatchObject({ status: 409, body: { error: 'This time is no longer available' } });
    expect(await move({ startTime: paris(a.date, '11:00'), endTime: paris(a.date, '11:30') })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/body\.endTime: this product's slot ends at/) } });
    expect(await getAppointment(id)).toMatchObject({ startTime: paris(a.date, '10:00'), assignedAdminId: admin.id, adminCapacity: 1 });

    // Onto B's window a week later: the end follows the product, the capacity is that window's.
    const later = dayAhead(41);
    const onB = await move({ startTime: paris(later.date, '10:00') });
    expect(onB.status, JSON.stringify(onB.body)).toBe(200);
    expect(onB.body.data).toMatchObject({ startTime: paris(later.date, '10:00'), endTime: paris(later.date, '11:00') });
    expect((await getAppointment(id))?.adminCapacity).toBe(2);
    expect(await offered(admin.id, later.date, `&productId=${product.id}`)).toEqual(['09:00×2', '10:00×1', '11:00×2']);
  });

  it('admins may override with overrideAvailability (held exclusively, never overlapping); clients never', async () => {
    const admin = await newAdmin();
    const client = await registeredUser(stack.url);
    const product = await newProduct();
    const { date, dayOfWeek } = dayAhead(36);
    await newSlot(admin.token, { dayOfWeek, maxAppointments: 3 });
    const booked = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '09:00'), adminId: admin.id } });
    expect(booked.status).toBe(201);
    const id = booked.body.data.id as string;
    const put = (json: Record<string, unknown>, token = admin.token) => api(`/appointments/${id}`, { method: 'PUT', token, json });

    expect(await put({ overrideAvailability: true }, client.idToken)).toMatchObject({ status: 403, body: { error: 'Only admins can book outside the offered slots' } });
    expect((await put({ startTime: paris(date, '13:00'), overrideAvailability: true }, client.idToken)).status).toBe(403);
    expect((await put({ startTime: paris(date, '13:00') })).status).toBe(409);

    const overridden = await put({ startTime: paris(date, '13:00'), overrideAvailability: true });
    expect(overridden.status, JSON.stringify(overridden.body)).toBe(200);
    expect(overridden.body.data).toMatchObject({ startTime: paris(date, '13:00'), endTime: paris(date, '14:00'), productId: product.id });
    expect(overridden.body.data).not.toHaveProperty('overrideAvailability');
    const stored = await getAppointment(id);
    expect(stored).toMatchObject({ adminCapacity: 1 });
    expect(stored).not.toHaveProperty('overrideAvailability');

    // The override lifts the slot rules, not double booking.
    const meeting = await api('/appointments', { method: 'POST', token: admin.token, json: { title: 'Réunion', startTime: paris(date, '15:00'), endTime: paris(date, '16:00') } });
    expect(meeting.status).toBe(201);
    expect(await put({ startTime: paris(date, '15:30'), overrideAvailability: true })).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });

    // Reopening takes time again: the slot rules apply to it too.
    expect((await put({ status: 'cancelled' })).status).toBe(200);
    expect(await put({ status: 'pending' })).toMatchObject({ status: 409, body: { error: 'This time is no longer available' } });
    expect((await put({ status: 'pending', overrideAvailability: true })).body.data).toMatchObject({ status: 'pending', startTime: paris(date, '13:00') });

    // A free-form appointment (no product) only gets the overlap check; a new start keeps its length.
    const freeForm = await api(`/appointments/${meeting.body.data.id}`, { method: 'PUT', token: admin.token, json: { startTime: paris(date, '19:00') } });
    expect(freeForm.status, JSON.stringify(freeForm.body)).toBe(200);
    expect(freeForm.body.data).toMatchObject({ startTime: paris(date, '19:00'), endTime: paris(date, '20:00') });
  });
});

describe('team availability (the admin calendar\'s background)', () => {
  it("draws each admin's working time less time off, and their calendar busy time, for the range in one call", async () => {
    const [alice, bob] = [await newAdmin(), await newAdmin()];
    const { date, dayOfWeek } = dayAhead(20);
    await newSlot(alice.token, { dayOfWeek });
    await newSlot(bob.token, { dayOfWeek, startTime: '14:00', endTime: '16:00' });
    expect((await api('/admin/availability/exceptions', { method: 'POST', token: alice.token, json: { date, isAvailable: false, startTime: '10:00', endTime: '11:00' } })).status).toBe(201);
    await putBusyBlocks([{ connectionId: randomUUID(), externalId: 'evt-team', ownerId: bob.id, startTime: paris(date, '15:00'), endTime: paris(date, '15:30') }]);
    const range = `from=${encodeURIComponent(paris(date, '00:00'))}&to=${encodeURIComponent(paris(date, '23:59'))}`;
    const span = (from: string, to: string) => ({ startTime: paris(date, from), endTime: paris(date, to) });

    // The caller by default.
    const own = await api(`/admin/availability/team?${range}`, { token: alice.token });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.data).toEqual([{ adminId: alice.id, working: [span('09:00', '10:00'), span('11:00', '12:00')], timeOff: [span('10:00', '11:00')], busy: [] }]);

    const both = await api(`/admin/availability/team?${range}&adminIds=${alice.id},${bob.id}`, { token: alice.token });
    expect(both.body.data.map((a: { adminId: string }) => a.adminId)).toEqual([alice.id, bob.id]);
    expect(both.body.data[1]).toEqual({ adminId: bob.id, working: [span('14:00', '16:00')], timeOff: [], busy: [span('15:00', '15:30')] });
  });

  it('refuses a range backwards or longer than 42 days, and more than 10 admins (400)', async () => {
    const bad = async (query: string) => (await api(`/admin/availability/team?${query}`, { token: tokens.admin })).status;
    expect(await bad('from=2031-01-08T00:00:00Z&to=2031-01-01T00:00:00Z')).toBe(400);
    expect(await bad('from=2031-01-01T00:00:00Z&to=2031-03-01T00:00:00Z')).toBe(400);
    const ids = Array.from({ length: 11 }, () => randomUUID()).join(',');
    expect(await bad(`from=2031-01-01T00:00:00Z&to=2031-01-08T00:00:00Z&adminIds=${ids}`)).toBe(400);
  });
});

describe('access', () => {
  it('clients get 403 on the admin availability and product routes', async () => {
    const id = randomUUID();
    for (const [method, path] of [
      ['GET', '/admin/products'],
      ['POST', '/admin/products'],
      ['PUT', `/admin/products/${id}`],
      ['DELETE', `/admin/products/${id}`],
      ['GET', '/admin/availability/slots'],
      ['POST', '/admin/availability/slots'],
      ['PUT', `/admin/availability/slots/${id}`],
      ['DELETE', `/admin/availability/slots/${id}`],
      ['GET', '/admin/availability/exceptions'],
      ['POST', '/admin/availability/exceptions'],
      ['PUT', `/admin/availability/exceptions/${id}`],
      ['DELETE', `/admin/availability/exceptions/${id}`],
      ['GET', `/admin/availability/team?from=2031-01-01T00:00:00Z&to=2031-01-08T00:00:00Z`],
    ] as const) {
      const result = await api(path, { method, token: tokens.client, json: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(result.status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('DynamoDB requests (as in docs/ACCESS_PATTERNS.md)', () => {
  let requestsOf: ReturnType<typeof countDynamoDbRequests>;
  beforeAll(() => {
    requestsOf = countDynamoDbRequests();
  });
  const during = async (action: () => Promise<unknown>) => (await requestsOf(action)).sort();

  it('the public route makes three Queries whatever the range; a slot booking seven requests', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(23);
    const product = await newProduct();
    await newSlot(admin.token, { dayOfWeek });
    const from = new Date(Date.now() + DAY).toISOString();
    for (const days of [1, 30, 93]) {
      const to = new Date(Date.parse(from) + days * DAY).toISOString();
      expect(await during(() => api(`/availability?from=${from}&to=${to}`)), `${days} days`).toEqual(['Query', 'Query', 'Query']);
    }
    expect(await during(() => api(`/availability?from=${from}&to=${new Date(Date.parse(from) + 93 * DAY).toISOString()}&adminId=${admin.id}&productId=${product.id}`))).toEqual(['Query', 'Query', 'Query']);
    const client = await registeredUser(stack.url);
    const booking = await during(() => api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '10:00'), adminId: admin.id } }));
    // The profile now comes in the BatchGetItem with the schedule days; the DeleteItem clears the outbox event;
    // one Query counts the client's requests waiting for the team (MAX_OPEN_REQUESTS_PER_CLIENT).
    expect(booking).toEqual(['BatchGetItem', 'DeleteItem', STANDING_READ, 'Query', 'Query', 'Query', 'Query', 'TransactWriteItems']);
  });

  it('moving a product booking is six requests and the outbox clear (the slot rules read like a booking); with the override, three and the clear', async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(37);
    const product = await newProduct();
    await newSlot(admin.token, { dayOfWeek });
    const client = await registeredUser(stack.url);
    const booked = await api('/appointments', { method: 'POST', token: client.idToken, json: { productId: product.id, startTime: paris(date, '09:00'), adminId: admin.id } });
    const move = (json: Record<string, unknown>) => api(`/appointments/${booked.body.data.id}`, { method: 'PUT', token: admin.token, json });
    expect(await during(() => move({ startTime: paris(date, '10:00') }))).toEqual(['BatchGetItem', 'DeleteItem', 'GetItem', STANDING_READ, 'Query', 'Query', 'Query', 'TransactWriteItems']);
    expect(await during(() => move({ startTime: paris(date, '18:00'), overrideAvailability: true }))).toEqual(['BatchGetItem', 'DeleteItem', 'GetItem', STANDING_READ, 'TransactWriteItems']);
  });

  it('a range wholly beyond the horizon reads only the collection; writing a slot is four requests', async () => {
    const from = new Date(Date.now() + 91 * DAY).toISOString();
    expect(await during(() => api(`/availability?from=${from}&to=${new Date(Date.parse(from) + DAY).toISOString()}`))).toEqual(['Query']);
    const admin = await newAdmin();
    const product = await newProduct();
    const json = { dayOfWeek: 5, startTime: '09:00', endTime: '12:00', duration: 60, productId: product.id };
    // The put goes with a check that the profile still has the zone it copies: one transaction.
    expect(await during(() => api('/admin/availability/slots', { method: 'POST', token: admin.token, json }))).toEqual(['GetItem', 'GetItem', STANDING_READ, 'Query', 'TransactWriteItems']);
  });

  it('a change of zone in PUT /api/me rewrites the slots and exceptions in the same request', async () => {
    const admin = await newAdmin();
    await newSlot(admin.token, { dayOfWeek: 2 });
    const me = ['GetItem', STANDING_READ, 'UpdateItem'];
    expect(await during(() => api('/me', { method: 'PUT', token: admin.token, json: { timezone: 'Asia/Kolkata' } }))).toEqual([...me, 'Query', 'Query', 'TransactWriteItems'].sort());
    // Nothing left to rewrite: the two Queries only.
    expect(await during(() => api('/me', { method: 'PUT', token: admin.token, json: { timezone: 'Asia/Kolkata' } }))).toEqual([...me, 'Query', 'Query'].sort());
    expect(await during(() => api('/me', { method: 'PUT', token: admin.token, json: { firstName: 'Zoé' } }))).toEqual(me);
  });
});

describe('time zone changes', () => {
  it("an admin's slots and exceptions follow their profile zone: PUT /api/me rewrites them, and availability follows", async () => {
    const admin = await newAdmin();
    const { date, dayOfWeek } = dayAhead(26);
    await newSlot(admin.token, { dayOfWeek });
    const exception = await api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json: { date, isAvailable: false, startTime: '10:00', endTime: '11:00', reason: 'Dentist' } });
    expect(exception.status).toBe(201);
    const starts = async () => {
      const result = await api(`/availability?from=${date}T00:00:00Z&to=${date}T23:59:59Z&adminId=${admin.id}`);
      return result.body.data.slots.map((slot: { startTime: string }) => slot.startTime);
    };
    expect(await starts()).toEqual([paris(date, '09:00'), paris(date, '11:00')]);

    const moved = await api('/me', { method: 'PUT', token: admin.token, json: { timezone: 'Atlantic/Reykjavik' } });
    expect(moved).toMatchObject({ status: 200, body: { data: { timezone: 'Atlantic/Reykjavik' } } });
    expect((await api('/admin/availability/slots', { token: admin.token })).body.data).toEqual([expect.objectContaining({ timezone: 'Atlantic/Reykjavik' })]);
    expect((await api('/admin/availability/exceptions', { token: admin.token })).body.data).toEqual([expect.objectContaining({ timezone: 'Atlantic/Reykjavik' })]);
    // 09:00–12:00 and the 10:00–11:00 block are now Reykjavik wall-clock (UTC all year).
    expect(await starts()).toEqual([`${date}T09:00:00.000Z`, `${date}T11:00:00.000Z`]);
  });

  it('a slot or exception saved with a zone read before a change is written in the new zone (checked in the same transaction)', async () => {
    const admin = await newAdmin();
    expect((await api('/me', { method: 'PUT', token: admin.token, json: { timezone: 'Asia/Tokyo' } })).status).toBe(200);
    // As a save that read the profile just before the change would: with the old zone.
    const stale = { id: admin.id, timezone: ZONE };
    const slot = await createSlot(stale, slotBody.parse({ dayOfWeek: 1, startTime: '09:00', endTime: '12:00', duration: 60 }));
    expect(slot).toMatchObject({ userId: admin.id, timezone: 'Asia/Tokyo', startTime: '09:00', bufferBefore: 0, maxAppointments: 1 });
    expect((await db().entities.appointmentSlot.get({ userId: admin.id, id: slot.id }).go()).data).toEqual(slot);
    const exception = await createException(stale, exceptionBody.parse({ date: dayAhead(41).date, isAvailable: false }));
    expect(exception.timezone).toBe('Asia/Tokyo');
    const replaced = await replaceSlot(stale, slot, slotBody.parse({ dayOfWeek: 1, startTime: '10:00', endTime: '12:00', duration: 60 }));
    expect(replaced).toMatchObject({ timezone: 'Asia/Tokyo', startTime: '10:00', createdAt: slot.createdAt });
  });

  it('slots written while the zone changes end in the final zone (parallel writes and changes)', async () => {
    const admin = await newAdmin();
    const zones = ['America/New_York', 'Asia/Tokyo', 'Europe/Lisbon'];
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => newSlot(admin.token, { dayOfWeek: i, startTime: '08:00', endTime: '09:00' })),
      ...zones.map((timezone) => api('/me', { method: 'PUT', token: admin.token, json: { timezone } })),
      api('/admin/availability/exceptions', { method: 'POST', token: admin.token, json: { date: dayAhead(40).date, isAvailable: false, reason: 'Off' } }),
    ]);
    const { timezone } = (await api('/me', { token: admin.token })).body.data as { timezone: string };
    const slots = (await api('/admin/availability/slots', { token: admin.token })).body.data as Array<{ timezone: string }>;
    const exceptions = (await api('/admin/availability/exceptions', { token: admin.token })).body.data as Array<{ timezone: string }>;
    expect(slots).toHaveLength(6);
    expect([...slots, ...exceptions].map((item) => item.timezone)).toEqual(Array(7).fill(timezone));
  });
});
