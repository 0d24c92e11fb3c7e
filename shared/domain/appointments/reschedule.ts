import type { AppointmentFields, OfferedSlot } from './compose.ts';
import { holdsTime } from './status.ts';

/**
 * Moving an appointment. A product booking (one with a productId) sits on a slot its product
 * offers: wherever it is put while it holds time, the slot rules run again (weekly windows,
 * exceptions, busy time, notice, horizon, the window's capacity). Admins may deliberately place
 * it elsewhere (overrideAvailability, as Calendly and Cal.com let hosts do); the admin's time is
 * then held exclusively. Free-form appointments only ever get the overlap check of the schedule
 * days, which no override lifts: nobody is ever double-booked.
 */

/** A new start without a new end keeps the appointment's length. */
export function withKeptDuration(current: AppointmentFields, patch: { startTime?: unknown; endTime?: unknown }, next: AppointmentFields): AppointmentFields {
  if (typeof patch.startTime !== 'string' || patch.endTime !== undefined) return next;
  const length = Date.parse(current.endTime) - Date.parse(current.startTime);
  return { ...next, endTime: new Date(Date.parse(next.startTime) + length).toISOString() };
}

/**
 * Whether `next` must be checked against the slot rules: a product booking holding time that
 * moves, changes admin or product, or takes time again (reopened).
 */
export function slotRulesApply(current: AppointmentFields, next: AppointmentFields): boolean {
  if (!next.productId || !holdsTime(next.status)) return false;
  return (
    !holdsTime(current.status) ||
    Date.parse(next.startTime) !== Date.parse(current.startTime) ||
    Date.parse(next.endTime) !== Date.parse(current.endTime) ||
    next.assignedAdminId !== current.assignedAdminId ||
    next.productId !== current.productId
  );
}

/** The window's buffers, when the engine reports them: a booking keeps them with it. */
type SlotBuffers = { bufferBefore?: number; bufferAfter?: number };
const BUFFERS = ['bufferBefore', 'bufferAfter'] as const;

/**
 * The appointment on the slot the engine offered: its times, its admin, its window's capacity
 * (and buffers, where the slot carries them), as a new booking of that slot would have.
 */
export function placedOnSlot(next: AppointmentFields, slot: OfferedSlot & SlotBuffers): AppointmentFields {
  const placed: AppointmentFields & SlotBuffers = { ...next, startTime: slot.startTime, endTime: slot.endTime, assignedAdminId: slot.adminId, adminCapacity: slot.capacity };
  for (const field of BUFFERS) if (slot[field] !== undefined) placed[field] = slot[field];
  return placed;
}

/**
 * How the assigned admin's time is held when no slot decides it: exclusively (capacity 1, no
 * window buffers) for an appointment placed by override or no longer tied to a product;
 * otherwise unchanged.
 */
export function placedWithoutSlot(current: AppointmentFields, next: AppointmentFields, overridden: boolean): AppointmentFields {
  if (!overridden && !(current.productId && !next.productId)) return next;
  const placed: AppointmentFields & SlotBuffers = { ...next, adminCapacity: 1 };
  for (const field of BUFFERS) delete placed[field];
  return placed;
}

/**
 * A client who moves their own appointment asks the team again (pending, waiting for the team),
 * unless it is a confirmed product booking landing on a slot its product offers: that is a booking
 * the product allows, so it stays confirmed (as Calendly and Cal.com let invitees reschedule).
 */
export function movedByClient(current: AppointmentFields, next: AppointmentFields, clientId: string, landedOnOfferedSlot: boolean): AppointmentFields {
  const moved = Date.parse(next.startTime) !== Date.parse(current.startTime) || Date.parse(next.endTime) !== Date.parse(current.endTime);
  if (!moved) return next;
  const stays = current.status === 'confirmed' && landedOnOfferedSlot;
  return { ...next, status: stays ? 'confirmed' : 'pending', requestedBy: clientId };
}
