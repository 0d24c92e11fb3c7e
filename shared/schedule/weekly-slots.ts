import { SLOT_FIELDS, patched, slotBody, type SlotBody } from '../api/availability.ts';
import { validate } from '../api/validate.ts';
import type { Caller } from '../caller.ts';
import { createSlot, deleteSlotOf, getSlotOf, listSlots, replaceSlot, type SlotItem } from '../db/slots.ts';
import { ensureProfile } from '../db/users.ts';

/**
 * An admin's weekly slots (when a product can be booked), always the caller's own: another admin's
 * id is "not found". A slot is interpreted in its owner's profile time zone, which it copies.
 */

export const mySlots = (caller: Caller): Promise<SlotItem[]> => listSlots(caller.id);

export async function addSlot(caller: Caller, fields: SlotBody): Promise<SlotItem> {
  return createSlot(await ensureProfile(caller), fields);
}

/** Applies a partial change and checks the whole slot again (overlaps for the same day and product are a conflict). */
export async function changeSlot(caller: Caller, id: string, patch: Partial<Record<string, unknown>>): Promise<SlotItem> {
  const [stored, owner] = await Promise.all([getSlotOf(caller.id, id), ensureProfile(caller)]);
  return replaceSlot(owner, stored, validate(slotBody, patched(stored, SLOT_FIELDS, patch), 'body'));
}

export const removeSlot = (caller: Caller, id: string): Promise<void> => deleteSlotOf(caller.id, id);
