import { describe, expect, it } from 'vitest';
import { daysOf, fits, participationsOf, type Hold } from './schedule.ts';
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

describe('days and participants', () => {
  it('lists every UTC day an interval touches, end exclusive', () => {
    expect(daysOf('2030-01-01T23:00:00.000Z', '2030-01-02T01:00:00.000Z')).toEqual(['2030-01-01', '2030-01-02']);
    expect(daysOf('2030-01-01T23:00:00.000Z', '2030-01-02T00:00:00.000Z')).toEqual(['2030-01-01']);
  });

  it('holds the client at capacity 1 and the admin at the slot capacity', () => {
    const parts = participationsOf({ id: 'x', userId: 'c', assignedAdminId: 'a', startTime: 's', endTime: 'e', adminCapacity: 3 });
    expect(parts.map((p) => [p.ownerId, p.hold.capacity])).toEqual([
      ['c', 1],
      ['a', 3],
    ]);
    expect(participationsOf({ id: 'x', userId: 'a', assignedAdminId: 'a', startTime: 's', endTime: 'e' })).toHaveLength(1);
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
