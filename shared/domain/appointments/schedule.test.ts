import { describe, expect, it } from 'vitest';
import { blockedSpan, checkedSpan, daysOf, fits, participationsOf, sameHold, type Hold } from './schedule.ts';
import { contribution, monthOf } from './stats.ts';

const hold = (id: string, start: string, end: string, capacity = 1): Hold => ({
  appointmentId: id,
  start: `2030-01-01T${start}:00.000Z`,
  end: `2030-01-01T${end}:00.000Z`,
  capacity,
});

describe('fits', () => {
  it('refuses any overlap at capacity 1 and accepts back-to-back', () => {
    const existing = [hold('a', '10:00', '11:00')];
    expect(fits(hold('b', '10:59', '11:30'), existing)).toBe(false);
    expect(fits(hold('b', '09:00', '12:00'), existing)).toBe(false);
    expect(fits(hold('b', '11:00', '12:00'), existing)).toBe(true);
    expect(fits(hold('b', '09:00', '10:00'), existing)).toBe(true);
  });

  it('counts concurrent holds, not overlapping ones, against a capacity', () => {
    // Two holds that overlap the candidate but not each other: at most 2 run at once.
    const existing = [hold('a', '10:00', '10:30', 2), hold('b', '10:30', '11:00', 2)];
    expect(fits(hold('c', '10:00', '11:00', 2), existing)).toBe(true);
    expect(fits(hold('c', '10:00', '11:00', 2), [...existing, hold('d', '10:15', '10:45', 2)])).toBe(false);
  });

  it('respects the smaller capacity of an existing one-to-one appointment', () => {
    expect(fits(hold('b', '10:00', '11:00', 3), [hold('a', '10:00', '11:00', 1)])).toBe(false);
  });

  it('ignores the appointment itself (rescheduling)', () => {
    expect(fits(hold('a', '10:30', '11:30'), [hold('a', '10:00', '11:00')])).toBe(true);
  });
});

describe('fits with buffers (the availability engine’s rule, applied atomically)', () => {
  const buffered = (id: string, start: string, end: string, buffers: Pick<Hold, 'bufferBefore' | 'bufferAfter'>, capacity = 1): Hold => ({ ...hold(id, start, end, capacity), ...buffers });
  const after15 = { bufferAfter: 15 };

  it('refuses a neighbour inside an existing appointment’s buffer, whichever of the two comes first', () => {
    const existing = [buffered('a', '10:00', '10:30', after15)];
    // Starts within 15 minutes of a's end.
    expect(fits(buffered('b', '10:30', '11:00', after15), existing)).toBe(false);
    expect(fits(buffered('b', '10:44', '11:14', after15), existing)).toBe(false);
    expect(fits(buffered('b', '10:45', '11:15', after15), existing)).toBe(true);
    // Ends right where a starts: its own 15 minutes after would run into a.
    expect(fits(buffered('b', '09:30', '10:00', after15), existing)).toBe(false);
    expect(fits(buffered('b', '09:15', '09:45', after15), existing)).toBe(true);
  });

  it('keeps the margin (the larger buffer) on both sides of a new hold, even around a hold without buffers', () => {
    const plain = [hold('a', '10:00', '11:00')];
    expect(fits(buffered('b', '11:00', '11:30', { bufferBefore: 5, bufferAfter: 20 }), plain)).toBe(false);
    expect(fits(buffered('b', '11:20', '11:50', { bufferBefore: 5, bufferAfter: 20 }), plain)).toBe(true);
    expect(fits(buffered('b', '09:30', '09:45', { bufferBefore: 5, bufferAfter: 20 }), plain)).toBe(false);
    expect(fits(buffered('b', '09:20', '09:40', { bufferBefore: 5, bufferAfter: 20 }), plain)).toBe(true);
  });

  it('a hold without buffers may not enter an appointment’s own buffers, but may sit outside them', () => {
    const existing = [buffered('a', '10:00', '11:00', { bufferBefore: 10, bufferAfter: 30 })];
    expect(fits(hold('b', '11:00', '11:30'), existing)).toBe(false);
    expect(fits(hold('b', '11:30', '12:00'), existing)).toBe(true);
    expect(fits(hold('b', '09:00', '09:55'), existing)).toBe(false);
    expect(fits(hold('b', '09:00', '09:50'), existing)).toBe(true);
  });

  it('counts buffers against a capacity above one: neighbours a buffer apart share the place', () => {
    const existing = [buffered('a', '10:00', '10:30', after15, 2), buffered('b', '10:30', '11:00', after15, 2)];
    // a's buffer and b both run at 10:30–10:45: a third there would make three.
    expect(fits(buffered('c', '10:30', '11:00', after15, 2), existing)).toBe(false);
    expect(fits(buffered('c', '10:00', '10:30', after15, 2), [existing[0]!])).toBe(true);
    expect(fits(buffered('c', '10:00', '10:30', after15, 2), existing)).toBe(false);
  });

  it('stores a hold on the days its buffers touch, and reads the days its margin reaches', () => {
    const late = buffered('a', '23:00', '23:45', { bufferBefore: 30 });
    expect(blockedSpan(late)).toEqual({ start: '2030-01-01T22:30:00.000Z', end: '2030-01-01T23:45:00.000Z' });
    expect(checkedSpan(late)).toEqual({ start: '2030-01-01T22:30:00.000Z', end: '2030-01-02T00:15:00.000Z' });
    expect(checkedSpan(hold('b', '10:00', '11:00'))).toEqual({ start: '2030-01-01T10:00:00.000Z', end: '2030-01-01T11:00:00.000Z' });
  });

  it('tells a kept hold from a changed one', () => {
    expect(sameHold(buffered('a', '10:00', '10:30', after15), { ...buffered('a', '10:00', '10:30', after15), start: '2030-01-01T10:00:00Z' })).toBe(true);
    expect(sameHold(hold('a', '10:00', '10:30'), { ...hold('a', '10:00', '10:30'), bufferAfter: 0 })).toBe(true);
    expect(sameHold(hold('a', '10:00', '10:30'), buffered('a', '10:00', '10:30', after15))).toBe(false);
    expect(sameHold(hold('a', '10:00', '10:30'), hold('a', '10:00', '10:30', 2))).toBe(false);
  });
});

describe('days and participants', () => {
  it('lists every UTC day an interval touches, end exclusive', () => {
    expect(daysOf('2030-01-01T23:00:00.000Z', '2030-01-02T01:00:00.000Z')).toEqual(['2030-01-01', '2030-01-02']);
    expect(daysOf('2030-01-01T23:00:00.000Z', '2030-01-02T00:00:00.000Z')).toEqual(['2030-01-01']);
  });

  it('holds the client at capacity 1 and the admin at the slot capacity', () => {
    const parts = participationsOf({ id: 'x', status: 'confirmed', userId: 'c', assignedAdminId: 'a', startTime: 's', endTime: 'e', adminCapacity: 3 });
    expect(parts.map((p) => [p.ownerId, p.hold.capacity])).toEqual([
      ['c', 1],
      ['a', 3],
    ]);
    expect(participationsOf({ id: 'x', status: 'confirmed', userId: 'a', assignedAdminId: 'a', startTime: 's', endTime: 'e' })).toHaveLength(1);
  });

  it('holds every proposed time of a pending request, and only its own time once it is settled', () => {
    const proposedTimes = [
      { startTime: '2030-01-01T09:00:00.000Z', endTime: '2030-01-01T10:00:00.000Z' },
      { startTime: '2030-01-03T14:00:00.000Z', endTime: '2030-01-03T15:00:00.000Z' },
    ];
    const request = { id: 'x', userId: 'c', assignedAdminId: 'a', ...proposedTimes[0]!, proposedTimes };
    const held = participationsOf({ ...request, status: 'pending' });
    expect(held.map((p) => [p.ownerId, p.hold.start])).toEqual([
      ['c', proposedTimes[0]!.startTime],
      ['a', proposedTimes[0]!.startTime],
      ['c', proposedTimes[1]!.startTime],
      ['a', proposedTimes[1]!.startTime],
    ]);
    expect(participationsOf({ ...request, status: 'confirmed' }).map((p) => p.hold.start)).toEqual([proposedTimes[0]!.startTime, proposedTimes[0]!.startTime]);
  });

  it("gives the admin's hold the slot's buffers, never the client's", () => {
    const parts = participationsOf({ id: 'x', status: 'confirmed', userId: 'c', assignedAdminId: 'a', startTime: 's', endTime: 'e', bufferBefore: 0, bufferAfter: 15 });
    expect(parts.map((p) => p.hold)).toEqual([
      { appointmentId: 'x', start: 's', end: 'e', capacity: 1 },
      { appointmentId: 'x', start: 's', end: 'e', capacity: 1, bufferAfter: 15 },
    ]);
  });
});

describe('month statistics', () => {
  it('counts revenue of paid appointments once they are paid, and the unpaid amount otherwise', () => {
    expect(contribution({ status: 'confirmed', type: 'paid', price: 5000, isPaid: true })).toMatchObject({ total: 1, confirmed: 1, paidAppointments: 1, totalRevenue: 5000, unpaidAmount: 0 });
    expect(contribution({ status: 'pending', type: 'paid', price: 5000, isPaid: false })).toMatchObject({ unpaidAppointments: 1, unpaidAmount: 5000 });
    expect(contribution({ status: 'cancelled', type: 'paid', price: 5000, isPaid: false })).toMatchObject({ cancelled: 1, unpaidAmount: 0 });
    expect(contribution({ status: 'no_show', type: 'free', price: 0, isPaid: false })).toMatchObject({ noShow: 1 });
  });

  it('files an appointment under its month in the business time zone', () => {
    expect(monthOf('2026-01-31T23:30:00.000Z', 'Europe/Paris')).toBe('2026-02');
    expect(monthOf('2026-01-31T23:30:00.000Z', 'UTC')).toBe('2026-01');
  });
});
