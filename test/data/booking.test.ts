import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeAppointment, getAppointment, SLOT_TAKEN, type AppointmentItem } from '../../shared/db/appointments.ts';
import { db } from '../../shared/db/service.ts';

const at = (hour: number, minute = 0, day = '2031-05-12') => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

function draft(overrides: Partial<AppointmentItem> = {}): AppointmentItem {
  const userId = overrides.userId ?? randomUUID();
  return {
    id: randomUUID(),
    userId,
    title: 'Consultation',
    startTime: at(10),
    endTime: at(11),
    timezone: 'Europe/Paris',
    status: 'pending',
    type: 'free',
    price: 0,
    currency: 'EUR',
    isPaid: false,
    syncToCalendar: true,
    adminCapacity: 1,
    createdBy: userId,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 0,
    ...overrides,
  } as AppointmentItem;
}

const outcome = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (error: Error & { statusCode?: number }) => (error.statusCode === 409 && error.message === SLOT_TAKEN ? 'taken' : `error: ${error.message}`),
  );

describe('race-free booking (schedule days in the same transaction)', () => {
  it('refuses an overlap for the same admin or the same client, accepts back-to-back', async () => {
    const admin = randomUUID();
    const client = randomUUID();
    const first = await writeAppointment(undefined, draft({ userId: client, assignedAdminId: admin }));
    expect(first?.version).toBe(1);
    expect(await outcome(writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(10, 30), endTime: at(11, 30) })))).toBe('taken');
    expect(await outcome(writeAppointment(undefined, draft({ userId: client, startTime: at(10, 59), endTime: at(12) })))).toBe('taken');
    expect(await outcome(writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(11), endTime: at(12) })))).toBe('ok');
    expect(await outcome(writeAppointment(undefined, draft({ userId: client, startTime: at(9), endTime: at(10) })))).toBe('ok');
  });

  it('frees the time when an appointment is cancelled or deleted', async () => {
    const admin = randomUUID();
    const first = (await writeAppointment(undefined, draft({ assignedAdminId: admin })))!;
    const rival = draft({ assignedAdminId: admin });
    expect(await outcome(writeAppointment(undefined, rival))).toBe('taken');
    await writeAppointment(first, { ...first, status: 'cancelled' });
    const second = (await writeAppointment(undefined, rival))!;
    await writeAppointment(second, undefined);
    expect(await getAppointment(second.id)).toBeNull();
    expect(await outcome(writeAppointment(undefined, draft({ assignedAdminId: admin })))).toBe('ok');
  });

  it('lets exactly one of 50 parallel bookings of one admin slot win, and leaves no overlap', async () => {
    const admin = randomUUID();
    const results = await Promise.all(Array.from({ length: 50 }, () => outcome(writeAppointment(undefined, draft({ assignedAdminId: admin })))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok' && r !== 'taken')).toEqual([]);
    const { data } = await db().entities.appointment.query.byAdmin({ assignedAdminId: admin }).go({ pages: 'all' });
    expect(data).toHaveLength(1);
  });

  it('honours a capacity above one: maxAppointments 3 accepts exactly 3 of 10 parallel bookings', async () => {
    const admin = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => outcome(writeAppointment(undefined, draft({ assignedAdminId: admin, adminCapacity: 3 })))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 'taken')).toHaveLength(7);
  });

  it('refuses a stale write (optimistic locking on the version)', async () => {
    const saved = (await writeAppointment(undefined, draft()))!;
    await writeAppointment(saved, { ...saved, title: 'First edit' });
    await expect(writeAppointment(saved, { ...saved, title: 'Lost update' })).rejects.toMatchObject({ statusCode: 409 });
    expect((await getAppointment(saved.id))?.title).toBe('First edit');
  });

  it('keeps month statistics as counters across create, confirm, pay and cancel', async () => {
    const month = '2031-07';
    const read = async () => (await db().entities.monthStats.get({ month }).go()).data;
    const before = (await read()) ?? {};
    const paid = (await writeAppointment(undefined, draft({ type: 'paid', price: 5000, startTime: '2031-07-10T10:00:00.000Z', endTime: '2031-07-10T11:00:00.000Z' })))!;
    const confirmed = (await writeAppointment(paid, { ...paid, status: 'confirmed' }))!;
    const settled = (await writeAppointment(confirmed, { ...confirmed, isPaid: true }))!;
    const after = (await read())!;
    const diff = (key: keyof typeof after) => Number(after[key] ?? 0) - Number((before as Record<string, number>)[key] ?? 0);
    expect([diff('total'), diff('confirmed'), diff('pending'), diff('paidAppointments'), diff('totalRevenue'), diff('unpaidAmount')]).toEqual([1, 1, 0, 1, 5000, 0]);
    await writeAppointment(settled, { ...settled, status: 'cancelled' });
    const cancelled = (await read())!;
    expect(Number(cancelled.cancelled ?? 0) - Number((before as Record<string, number>).cancelled ?? 0)).toBe(1);
    expect(Number(cancelled.confirmed ?? 0) - Number((before as Record<string, number>).confirmed ?? 0)).toBe(0);
  });
});
