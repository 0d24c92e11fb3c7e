import { describe, expect, it } from 'vitest';
import { composeSlotBooking } from './compose.ts';

const context = (isAdmin: boolean) => ({
  id: 'a1',
  now: '2026-06-01T08:00:00.000Z',
  actor: { id: isAdmin ? 'admin-1' : 'client-1', isAdmin },
  owner: { id: isAdmin ? 'admin-1' : 'client-1', email: 'c@example.com', firstName: 'Chloé' },
  defaultTimezone: 'Europe/Paris',
  defaultCurrency: 'EUR',
});
const product = { id: 'p1', name: 'Expertise', durationMinutes: 90, price: 5000, currency: 'EUR' };
const slot = { startTime: '2026-06-02T07:00:00.000Z', endTime: '2026-06-02T08:30:00.000Z', adminId: 'admin-2', capacity: 3 };

describe('a slot booking', () => {
  it('takes the end, type, price and admin from the product and the slot; a client’s stays pending', () => {
    const booked = composeSlotBooking({ startTime: slot.startTime, status: 'confirmed' }, { product, slot }, context(false));
    expect(booked).toMatchObject({
      userId: 'client-1',
      title: 'Expertise',
      productId: 'p1',
      startTime: slot.startTime,
      endTime: slot.endTime,
      status: 'pending',
      type: 'paid',
      price: 5000,
      currency: 'EUR',
      assignedAdminId: 'admin-2',
      adminCapacity: 3,
      attendeeName: 'Chloé',
    });
  });

  it("keeps the window's buffers (those above zero) for the admin's hold", () => {
    const booked = composeSlotBooking({ startTime: slot.startTime }, { product, slot: { ...slot, bufferBefore: 0, bufferAfter: 15 } }, context(false));
    expect(booked.bufferAfter).toBe(15);
    expect(booked).not.toHaveProperty('bufferBefore');
    expect(composeSlotBooking({ startTime: slot.startTime }, { product, slot }, context(false))).not.toHaveProperty('bufferAfter');
  });

  it('is free for a free product and keeps a given title', () => {
    const booked = composeSlotBooking({ startTime: slot.startTime, title: 'Mon rendez-vous' }, { product: { ...product, price: 0 }, slot }, context(true));
    expect(booked).toMatchObject({ title: 'Mon rendez-vous', type: 'free', price: 0, assignedAdminId: 'admin-2' });
  });
});
