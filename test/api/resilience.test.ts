import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAppointment } from '../../shared/db/appointments.ts';
import { dynamoDb } from '../../shared/db/client.ts';
import { db } from '../../shared/db/service.ts';
import { daysOf } from '../../shared/domain/appointments/schedule.ts';
import { SERVICE_BUSY } from '../../shared/errors.ts';
import { injectDynamoDbThrottling } from '../helpers/dynamodb-faults.ts';
import { dayAhead, demoTokens, registeredUser, requestSlot, wallClock } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Issue 10's hardening beyond single requests: 100 parallel bookings of one slot, and DynamoDB
 * throttling on the routes that write (create, update) and on the public availability route.
 */
let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
});
afterAll(() => stack.stop());

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const DAY = 86_400_000;
const ZONE = 'Europe/Paris';

/** The UTC instant of a Paris wall-clock time on `date` (fresh admins' slots are Paris time). */
const paris = (date: string, time: string) => wallClock(date, time, ZONE);

/** A fresh admin with one weekly window (09:00–12:00, 60-minute slots) on `dayOfWeek`, and a product. */
async function offeredSlot(dayOfWeek: number, maxAppointments: number) {
  const admin = await registeredUser(stack.url, { admin: true });
  const product = await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: `Séance ${randomUUID().slice(0, 8)}`, durationMinutes: 60 } });
  expect(product.status).toBe(201);
  const slot = await api('/admin/availability/slots', {
    method: 'POST',
    token: admin.idToken,
    json: { dayOfWeek, startTime: '09:00', endTime: '12:00', duration: 60, maxAppointments },
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  return { admin, productId: product.body.data.id as string };
}

/** `count` fresh registered clients, a few at a time (cognito-local writes one file per change). */
async function clients(count: number) {
  const users: Array<Awaited<ReturnType<typeof registeredUser>>> = [];
  while (users.length < count) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(10, count - users.length) }, () => registeredUser(stack.url)))));
  }
  return users;
}

/**
 * The schedule-day items of `owners` on the days of [start, end) agree with the appointments:
 * every hold names a stored appointment that holds time (pending or confirmed) with the same
 * interval, and every such appointment of theirs in the interval has its hold. No orphan, no gap.
 */
async function expectScheduleConsistent(owners: string[], start: string, end: string) {
  const keys = owners.flatMap((ownerId) => daysOf(start, end).map((day) => ({ ownerId, day })));
  const { data: days } = await db().entities.scheduleDay.get(keys).go();
  for (const day of days) {
    for (const hold of day.holds) {
      const appointment = await getAppointment(hold.appointmentId);
      expect(appointment, `hold of ${day.ownerId} on ${day.day} names a missing appointment`).not.toBeNull();
      expect(['pending', 'confirmed']).toContain(appointment!.status);
      expect([appointment!.startTime, appointment!.endTime]).toEqual([hold.start, hold.end]);
      expect([appointment!.userId, appointment!.assignedAdminId]).toContain(day.ownerId);
    }
  }
  for (const ownerId of owners) {
    const [owned, assigned] = await Promise.all([
      db().entities.appointment.query.byOwner({ userId: ownerId }).go({ pages: 'all' }),
      db().entities.appointment.query.byAdmin({ assignedAdminId: ownerId }).go({ pages: 'all' }),
    ]);
    for (const appointment of [...owned.data, ...assigned.data]) {
      if (!['pending', 'confirmed'].includes(appointment.status) || appointment.endTime <= start || appointment.startTime >= end) continue;
      const held = days.filter((d) => d.ownerId === ownerId).flatMap((d) => d.holds.map((h) => h.appointmentId));
      expect(held, `appointment ${appointment.id} of ${ownerId} has no hold`).toContain(appointment.id);
    }
  }
  return days;
}

describe('concurrency: 100 parallel bookings of one slot', () => {
  it('a slot with maxAppointments 3 accepts exactly 3 of 100 parallel bookings by 100 clients; the other 97 get 409', { timeout: 300_000 }, async () => {
    const { date, dayOfWeek } = dayAhead(19);
    const { admin, productId } = await offeredSlot(dayOfWeek, 3);
    const people = await clients(100);
    const startTime = paris(date, '10:00');

    const results = await Promise.all(people.map((c) => api('/appointments', { method: 'POST', token: c.idToken, json: { productId, startTime, adminId: admin.id } })));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201), JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body))).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(97);
    // Refused while the slot was being filled (the schedule check in the transaction) or after
    // (the slot is no longer offered): both say the time is gone, never "try again".
    const messages = new Set(results.filter((r) => r.status === 409).map((r) => r.body.error));
    expect([...messages].every((m) => m === 'Time slot is not available' || m === 'This time is no longer available'), [...messages].join(' | ')).toBe(true);

    // Exactly three stored for that slot, and the admin's schedule day holds exactly those three.
    const { data } = await db().entities.appointment.query.byAdmin({ assignedAdminId: admin.id }).go({ pages: 'all' });
    const booked = data.filter((a) => a.startTime === startTime);
    expect(booked).toHaveLength(3);
    expect(booked.map((a) => a.id).sort()).toEqual(results.filter((r) => r.status === 201).map((r) => r.body.data.id).sort());
    const endTime = booked[0]!.endTime;
    const days = await expectScheduleConsistent([admin.id, ...people.map((p) => p.id)], startTime, endTime);
    expect(days.filter((d) => d.ownerId === admin.id).flatMap((d) => d.holds)).toHaveLength(3);
    // The 97 refused clients hold nothing.
    expect(days.filter((d) => d.ownerId !== admin.id).flatMap((d) => d.holds)).toHaveLength(3);
    // And the public route now offers the slot no more.
    const offered = await api(`/availability?from=${startTime}&to=${new Date(Date.parse(startTime) + 1).toISOString()}&adminId=${admin.id}&productId=${productId}`);
    expect(offered.body.data.slots).toEqual([]);
  });
});

describe('fault injection: DynamoDB throttling', () => {
  const faults = injectDynamoDbThrottling();
  afterEach(() => faults.clear());
  /** The SDK's attempts per request (DynamoDB's default: 4, backing off on throttling). */
  let attempts: number;
  beforeAll(async () => {
    attempts = await dynamoDb().config.maxAttempts();
    expect(attempts).toBeGreaterThan(1);
  });
  const times = (n: number, command: string) => Array<string>(n).fill(command);

  describe.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)('%s', (error) => {
    it('a create: a short throttle is absorbed by the SDK retries (201, one appointment); a lasting one is a 503 and writes nothing', async () => {
      const client = await registeredUser(stack.url);
      const slot = requestSlot();

      // Every attempt but the last refused: the SDK's last attempt goes through.
      faults.throttle(attempts - 1, { commands: ['TransactWriteItems'], error });
      const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Throttled once', ...slot } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(faults.refused()).toEqual(times(attempts - 1, 'TransactWriteItems'));
      expect(faults.sent().filter((c) => c === 'TransactWriteItems')).toHaveLength(1);
      const owned = await db().entities.appointment.query.byOwner({ userId: client.id }).go({ pages: 'all' });
      expect(owned.data.map((a) => a.id)).toEqual([created.body.data.id]);
      await expectScheduleConsistent([client.id], slot.startTime, slot.endTime);

      // Every attempt refused: the reads went through, the write never did.
      const other = requestSlot();
      faults.throttle(Infinity, { commands: ['TransactWriteItems'], error });
      const refused = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Throttled for good', ...other } });
      expect(refused).toMatchObject({ status: 503, body: { success: false, error: SERVICE_BUSY } });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(faults.refused()).toEqual(times(attempts, 'TransactWriteItems'));
      faults.clear();
      const after = await db().entities.appointment.query.byOwner({ userId: client.id }).go({ pages: 'all' });
      expect(after.data.map((a) => a.id)).toEqual([created.body.data.id]);
      const days = await expectScheduleConsistent([client.id], other.startTime, other.endTime);
      expect(days.flatMap((d) => d.holds).filter((h) => h.start === other.startTime)).toEqual([]);

      // Once DynamoDB has capacity again, the same request succeeds.
      const retried = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Throttled for good', ...other } });
      expect(retried.status).toBe(201);
      await expectScheduleConsistent([client.id], other.startTime, other.endTime);
    });

    it('an update (reschedule): a throttled read or write never leaves the appointment half-moved', async () => {
      const client = await registeredUser(stack.url);
      const slot = requestSlot();
      const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'To move', ...slot } });
      expect(created.status).toBe(201);
      const id = created.body.data.id as string;
      const before = await getAppointment(id);
      const moved = requestSlot();

      // The first read refused on all attempts but the last, then served: 200.
      faults.throttle(attempts - 1, { commands: ['GetItem'], error });
      const ok = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { title: 'Moved once' } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(faults.refused()).toEqual(times(attempts - 1, 'GetItem'));
      const edited = await getAppointment(id);
      expect(edited).toMatchObject({ title: 'Moved once', version: before!.version + 1 });

      // The transaction refused on every attempt: 503, the appointment and both days unchanged.
      faults.throttle(Infinity, { commands: ['TransactWriteItems'], error });
      // (Clients cannot move their requests; the admin does.)
      const refused = await api(`/appointments/${id}`, { method: 'PUT', token: tokens.admin, json: moved });
      expect(refused).toMatchObject({ status: 503, body: { error: SERVICE_BUSY } });
      faults.clear();
      expect(await getAppointment(id)).toEqual(edited);
      const oldDays = await expectScheduleConsistent([client.id], slot.startTime, slot.endTime);
      expect(oldDays.flatMap((d) => d.holds).map((h) => h.appointmentId)).toContain(id);
      const newDays = await expectScheduleConsistent([client.id], moved.startTime, moved.endTime);
      expect(newDays.flatMap((d) => d.holds).filter((h) => h.appointmentId === id && h.start === moved.startTime)).toEqual([]);

      // Retried once capacity is back: moved, held at the new time only.
      const retried = await api(`/appointments/${id}`, { method: 'PUT', token: tokens.admin, json: moved });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      await expectScheduleConsistent([client.id], slot.startTime, slot.endTime);
      const held = await expectScheduleConsistent([client.id], moved.startTime, moved.endTime);
      expect(held.flatMap((d) => d.holds).filter((h) => h.appointmentId === id)).toHaveLength(daysOf(moved.startTime, moved.endTime).length);
    });

    it('the public availability route: 200 after a short throttle, 503 (never 500) while it lasts', async () => {
      const from = new Date(Date.now() + DAY).toISOString();
      const to = new Date(Date.now() + 8 * DAY).toISOString();
      const url = `/availability?from=${from}&to=${to}&adminId=${tokens.adminId}`;
      const expected = await api(url);
      expect(expected.status).toBe(200);

      // Its three Queries run in parallel: refusals fewer than the attempts are absorbed by the SDK's retries.
      faults.throttle(attempts - 1, { commands: ['Query'], error });
      const ok = await api(url);
      expect(ok.status).toBe(200);
      expect(ok.body.data.slots).toEqual(expected.body.data.slots);
      expect(faults.refused()).toEqual(times(attempts - 1, 'Query'));

      faults.throttle(Infinity, { commands: ['Query'], error });
      const refused = await api(url);
      expect(refused).toMatchObject({ status: 503, body: { success: false, error: SERVICE_BUSY } });
      expect(refused.headers.get('retry-after')).toBe('1');
    });
  });

  /** DynamoDB cancelling the next `count` transactions for throttling, as it reports a throttled item of one. */
  function cancelTransactionsForThrottling(count: number) {
    let left = count;
    dynamoDb().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && left > 0) {
          left--;
          throw new TransactionCanceledException({
            $metadata: { httpStatusCode: 400 },
            message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None] (injected)',
            CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes.' }, { Code: 'None' }],
          });
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'cancelTransactionsForThrottling' },
    );
    return { left: () => left, clear: () => dynamoDb().middlewareStack.remove('cancelTransactionsForThrottling') };
  }

  it('a transaction throttled inside DynamoDB (TransactionCanceledException, reason ThrottlingError) is retried by the booking write: 201, one appointment', async () => {
    // DynamoDB reports a throttled item of a transaction as a cancellation, which the SDK does not
    // retry; writeAppointment retries any cancellation that is not its own condition failing.
    const client = await registeredUser(stack.url);
    const slot = requestSlot();
    const cancelling = cancelTransactionsForThrottling(2);
    try {
      const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Cancelled twice', ...slot } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(cancelling.left()).toBe(0);
      const owned = await db().entities.appointment.query.byOwner({ userId: client.id }).go({ pages: 'all' });
      expect(owned.data).toHaveLength(1);
      await expectScheduleConsistent([client.id], slot.startTime, slot.endTime);
    } finally {
      cancelling.clear();
    }
  });

  it('a transaction that stays throttled is a 503 with Retry-After (not a 409 "busy"), and writes nothing', async () => {
    const client = await registeredUser(stack.url);
    const slot = requestSlot();
    const cancelling = cancelTransactionsForThrottling(Infinity);
    try {
      const refused = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Always throttled', ...slot } });
      expect(refused).toMatchObject({ status: 503, body: { success: false, error: SERVICE_BUSY } });
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      cancelling.clear();
    }
    const owned = await db().entities.appointment.query.byOwner({ userId: client.id }).go({ pages: 'all' });
    expect(owned.data).toEqual([]);
    await expectScheduleConsistent([client.id], slot.startTime, slot.endTime);
    // The client repeats the request once DynamoDB has capacity again: it books.
    const retried = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Always throttled', ...slot } });
    expect(retried.status).toBe(201);
  });
});
