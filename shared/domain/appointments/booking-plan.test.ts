import { describe, expect, it } from 'vitest';
import { bookingPlan, dayKey, placeHolds } from './booking-plan.ts';
import type { Hold } from './schedule.ts';
import { monthDeltas } from './stats.ts';

const at = (time: string, day = '2030-01-01') => `${day}T${time}:00.000Z`;
const NOW = at('10:00', '2029-12-31');
const appointment = (id: string, start: string, end: string, overrides: Record<string, unknown> = {}) => ({
  id,
  userId: 'client',
  assignedAdminId: 'admin',
  startTime: at(start),
  endTime: at(end),
  status: 'pending' as const,
  adminCapacity: 1,
  ...overrides,
});

describe('bookingPlan', () => {
  it("writes the client's and the admin's day, and checks a new hold", () => {
    const plan = bookingPlan(undefined, appointment('a', '10:00', '11:00'));
    expect([...plan.written.keys()].sort()).toEqual([dayKey('admin', '2030-01-01'), dayKey('client', '2030-01-01')]);
    expect(plan.taking.every((t) => t.check)).toBe(true);
  });

  it('does not check again a hold the write keeps as it was (a confirmation)', () => {
    const before = appointment('a', '10:00', '11:00');
    expect(bookingPlan(before, { ...before, status: 'confirmed' as never }).taking.some((t) => t.check)).toBe(false);
  });

  it('releases the time of a cancelled appointment: nothing taken, its days rewritten', () => {
    const before = appointment('a', '10:00', '11:00');
    const plan = bookingPlan(before, { ...before, status: 'cancelled' as never });
    expect(plan.taking).toEqual([]);
    expect(plan.written.size).toBe(2);
  });
});

describe('placeHolds', () => {
  const stored = (holds: Hold[]) => new Map([[dayKey('admin', '2030-01-01'), holds]]);
  const existing: Hold = { appointmentId: 'b', start: at('10:30'), end: at('11:30'), capacity: 1 };

  it('is taken when a new hold overlaps a stored one of the same person', () => {
    expect(placeHolds(bookingPlan(undefined, appointment('a', '10:00', '11:00')), 'a', stored([existing]), NOW)).toEqual({ taken: true });
  });

  it("no longer counts a visitor's hold that lapsed, and drops it from the day it rewrites", () => {
    const lapsed = { ...existing, expiresAt: at('09:59', '2029-12-31') };
    const placed = placeHolds(bookingPlan(undefined, appointment('a', '10:00', '11:00')), 'a', stored([lapsed]), NOW);
    if (placed.taken) throw new Error('a lapsed hold took the time');
    expect(placed.holds.get(dayKey('admin', '2030-01-01'))!.map((h) => h.appointmentId)).toEqual(['a']);
    // Still within its time: it counts like any booking.
    const held = { ...existing, expiresAt: at('10:15', '2029-12-31') };
    expect(placeHolds(bookingPlan(undefined, appointment('a', '10:00', '11:00')), 'a', stored([held]), NOW)).toEqual({ taken: true });
  });

  it('places the hold beside its neighbours, and replaces its own earlier hold', () => {
    const placed = placeHolds(bookingPlan(undefined, appointment('a', '09:00', '10:30')), 'a', stored([existing, { ...existing, appointmentId: 'a' }]), NOW);
    if (placed.taken) throw new Error('expected the hold to fit');
    expect(placed.holds.get(dayKey('admin', '2030-01-01'))!.map((h) => h.appointmentId).sort()).toEqual(['a', 'b']);
  });
});

describe('monthDeltas', () => {
  const paid = { status: 'confirmed' as const, type: 'paid' as const, price: 5000, isPaid: false, startTime: '2030-01-31T23:30:00.000Z' };

  it("counts a change in the business's month, and leaves out months it does not change", () => {
    // 23:30 UTC on 31 January is already February in Paris.
    const deltas = monthDeltas(undefined, paid, 'Europe/Paris');
    expect([...deltas.keys()]).toEqual(['2030-02']);
    expect(deltas.get('2030-02')).toMatchObject({ total: 1, confirmed: 1, unpaidAppointments: 1, unpaidAmount: 5000 });
    expect(monthDeltas(paid, { ...paid }, 'Europe/Paris').size).toBe(0);
  });

  it('moves the figures from one month to the other when the appointment moves', () => {
    const deltas = monthDeltas(paid, { ...paid, startTime: '2030-03-10T10:00:00.000Z' }, 'Europe/Paris');
    expect(deltas.get('2030-02')).toMatchObject({ total: -1 });
    expect(deltas.get('2030-03')).toMatchObject({ total: 1 });
  });
});
