import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeAppointment } from '../../shared/db/appointment-transaction.ts';
import { getAppointment, type AppointmentItem } from '../../shared/db/appointments.ts';
import { ChangedConcurrently, SLOT_TAKEN, SlotTaken } from '../../shared/errors.ts';
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
    (error: Error) => (error instanceof SlotTaken && error.message === SLOT_TAKEN ? 'taken' : `error: ${error.message}`),
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

  it("keeps the admin's buffers free, whichever neighbour is written first; the client's time stays plain", async () => {
    // 30-minute appointments of a window with 15 minutes after each.
    const buffered = (admin: string, hour: number, minute: number, overrides: Partial<AppointmentItem> = {}) =>
      draft({ assignedAdminId: admin, startTime: at(hour, minute), endTime: new Date(Date.parse(at(hour, minute)) + 30 * 60_000).toISOString(), bufferAfter: 15, ...overrides });
    const admin = randomUUID();
    const client = randomUUID();
    await writeAppointment(undefined, buffered(admin, 10, 0, { userId: client }));
    // Inside its 15 minutes after; and before it, inside the newcomer's own 15 minutes after.
    expect(await outcome(writeAppointment(undefined, buffered(admin, 10, 30)))).toBe('taken');
    expect(await outcome(writeAppointment(undefined, buffered(admin, 9, 30)))).toBe('taken');
    // Without a slot (no buffers of its own) it still may not enter the appointment's buffer.
    expect(await outcome(writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(10, 40), endTime: at(11) })))).toBe('taken');
    expect(await outcome(writeAppointment(undefined, buffered(admin, 10, 45)))).toBe('ok');
    expect(await outcome(writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(9), endTime: at(10) })))).toBe('ok');
    // The client's own time is the plain appointment: back-to-back is fine for them.
    expect(await outcome(writeAppointment(undefined, draft({ userId: client, startTime: at(10, 30), endTime: at(11) })))).toBe('ok');
  });

  it('of 20 pairs of parallel neighbours only a buffer apart, exactly one of each pair wins (also across midnight)', async () => {
    const pairs = Array.from({ length: 20 }, (_, i) => {
      const admin = randomUUID();
      if (i % 2 === 0) {
        // 10:00 and 10:30 of a window with 15 minutes after each: they share the day's record.
        return [
          draft({ assignedAdminId: admin, startTime: at(10), endTime: at(10, 30), bufferAfter: 15 }),
          draft({ assignedAdminId: admin, startTime: at(10, 30), endTime: at(11), bufferAfter: 15 }),
        ];
      }
      // 23:00–23:45 keeping 30 minutes before it, and 00:00–00:30 the next day keeping 30 after:
      // each is stored on its own UTC day and only reads the other's, which the transaction
      // condition-checks (without that check both would commit).
      return [
        draft({ assignedAdminId: admin, startTime: at(23), endTime: at(23, 45), bufferBefore: 30 }),
        draft({ assignedAdminId: admin, startTime: at(0, 0, '2031-05-13'), endTime: at(0, 30, '2031-05-13'), bufferAfter: 30 }),
      ];
    });
    const results = await Promise.all(pairs.map((pair) => Promise.all(pair.map((a) => outcome(writeAppointment(undefined, a))))));
    for (const result of results) expect(result.sort()).toEqual(['ok', 'taken']);
  });

  it('reads the days a margin reaches without writing them, and never re-checks a hold it keeps', async () => {
    const admin = randomUUID();
    const late = (await writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(23), endTime: at(23, 45), bufferBefore: 30 })))!;
    // Its margin reaches 00:15 the next day: that day was read, not written.
    expect((await db().entities.scheduleDay.get({ ownerId: admin, day: '2031-05-13' }).go()).data).toBeNull();
    expect((await db().entities.scheduleDay.get({ ownerId: admin, day: '2031-05-12' }).go()).data?.holds).toEqual([
      { appointmentId: late.id, start: late.startTime, end: late.endTime, capacity: 1, bufferBefore: 30 },
    ]);
    // A free-form appointment may follow it right away (its buffer is before it)...
    const next = (await writeAppointment(undefined, draft({ assignedAdminId: admin, startTime: at(23, 45), endTime: at(0, 30, '2031-05-13') })))!;
    expect(next.version).toBe(1);
    // ...and confirming the first one later keeps its time: the neighbour within its margin does not undo it.
    expect((await writeAppointment(late, { ...late, status: 'confirmed' }))?.status).toBe('confirmed');
  });

  it('refuses a stale write (optimistic locking on the version)', async () => {
    const saved = (await writeAppointment(undefined, draft()))!;
    await writeAppointment(saved, { ...saved, title: 'First edit' });
    await expect(writeAppointment(saved, { ...saved, title: 'Lost update' })).rejects.toBeInstanceOf(ChangedConcurrently);
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
