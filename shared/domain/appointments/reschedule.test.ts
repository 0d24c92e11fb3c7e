import { describe, expect, it } from 'vitest';
import type { AppointmentFields } from './compose.ts';
import { placedOnSlot, placedWithoutSlot, slotRulesApply, withKeptDuration } from './reschedule.ts';

const booking: AppointmentFields = {
  id: 'a',
  userId: 'c',
  productId: 'p',
  assignedAdminId: 'admin',
  title: 'Séance',
  startTime: '2030-01-07T09:00:00.000Z',
  endTime: '2030-01-07T10:00:00.000Z',
  timezone: 'Europe/Paris',
  status: 'pending',
  type: 'free',
  price: 0,
  currency: 'EUR',
  isPaid: false,
  syncToCalendar: true,
  adminCapacity: 3,
  createdBy: 'c',
  createdAt: '2029-12-01T00:00:00.000Z',
  updatedAt: '2029-12-01T00:00:00.000Z',
  version: 1,
};

describe('rescheduling', () => {
  it('a new start without an end keeps the length', () => {
    const next = { ...booking, startTime: '2030-01-08T14:00:00.000Z' };
    expect(withKeptDuration(booking, { startTime: next.startTime }, next).endTime).toBe('2030-01-08T15:00:00.000Z');
    expect(withKeptDuration(booking, { startTime: next.startTime, endTime: '2030-01-08T14:30:00.000Z' }, next)).toBe(next);
    expect(withKeptDuration(booking, { title: 'x' } as never, booking)).toBe(booking);
  });

  it('checks the slot rules for a product booking that moves, changes admin or product, or takes time again', () => {
    expect(slotRulesApply(booking, { ...booking, title: 'x', status: 'confirmed' })).toBe(false);
    expect(slotRulesApply(booking, { ...booking, startTime: '2030-01-07T09:30:00.000Z' })).toBe(true);
    expect(slotRulesApply(booking, { ...booking, assignedAdminId: 'other' })).toBe(true);
    expect(slotRulesApply(booking, { ...booking, productId: 'q' })).toBe(true);
    expect(slotRulesApply({ ...booking, status: 'cancelled' }, booking)).toBe(true);
    // Not holding time, or no product: no slot rules.
    expect(slotRulesApply(booking, { ...booking, status: 'cancelled', startTime: '2030-01-07T13:00:00.000Z' })).toBe(false);
    const { productId: _p, ...freeForm } = booking;
    expect(slotRulesApply(freeForm, { ...freeForm, startTime: '2030-01-07T13:00:00.000Z' })).toBe(false);
  });

  it('takes the slot’s times, admin and capacity; without a slot, exclusive time when overridden or no longer a product booking', () => {
    expect(placedOnSlot(booking, { startTime: 's', endTime: 'e', adminId: 'x', capacity: 2 })).toMatchObject({ startTime: 's', endTime: 'e', assignedAdminId: 'x', adminCapacity: 2 });
    expect(placedOnSlot(booking, { startTime: 's', endTime: 'e', adminId: 'x', capacity: 2, bufferBefore: 0, bufferAfter: 15 })).toMatchObject({ bufferBefore: 0, bufferAfter: 15 });
    expect(placedWithoutSlot(booking, booking, true).adminCapacity).toBe(1);
    expect(placedWithoutSlot(booking, { ...booking, bufferAfter: 15 } as AppointmentFields, true)).not.toHaveProperty('bufferAfter');
    const { productId: _p, ...unlinked } = booking;
    expect(placedWithoutSlot(booking, unlinked, false).adminCapacity).toBe(1);
    expect(placedWithoutSlot(booking, booking, false).adminCapacity).toBe(3);
  });
});
