import { randomUUID } from 'node:crypto';
import type { EntityItem } from 'electrodb';
import type { SlotBody } from '../api/availability.ts';
import { overlappingWindow } from '../domain/availability/index.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import { isConditionFailure } from './conditions.ts';
import type { AppointmentSlot } from './entities/availability.ts';
import { ItemConditionFailed, putInOwnerZone } from './owner-zone.ts';
import { getProduct } from './products.ts';
import { db } from './service.ts';

/**
 * An admin's weekly slots, always scoped to their owner: another admin's id answers the same 404
 * as a missing one.
 */

export type SlotItem = EntityItem<AppointmentSlot>;

/** Who writes: the owner and the profile time zone the slot is interpreted in. */
export interface Owner {
  id: string;
  timezone: string;
}

export const SLOT_NOT_FOUND = 'Slot not found';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The owner's windows in weekly order: ONE Query (`appointmentSlot.byOwner`). */
export async function listSlots(ownerId: string): Promise<SlotItem[]> {
  const { data } = await db().entities.appointmentSlot.query.byOwner({ userId: ownerId }).go({ pages: 'all' });
  return data.sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.startTime.localeCompare(b.startTime) || a.endTime.localeCompare(b.endTime));
}

export async function getSlotOf(ownerId: string, id: string): Promise<SlotItem> {
  const { data } = await db().entities.appointmentSlot.get({ userId: ownerId, id }).go();
  if (!data) throw new NotFound(SLOT_NOT_FOUND);
  return data;
}

/** The checks that need the table: the product exists, and no overlap with the owner's other windows. */
async function assertSlotFits(ownerId: string, slot: SlotBody & { id: string }) {
  const [others, product] = await Promise.all([listSlots(ownerId), slot.productId ? getProduct(slot.productId) : undefined]);
  if (product === null) throw new InvalidInput('Invalid request: body.productId: no product has this id', [{ path: 'body.productId', message: 'no product has this id' }]);
  const clash = overlappingWindow(slot, others);
  if (clash) {
    throw new Conflict(`This window overlaps your ${DAYS[clash.dayOfWeek]} ${clash.startTime}–${clash.endTime} window${clash.productId ? ' for the same product' : ''}`, [{ id: clash.id }]);
  }
}

/** The item as ElectroDB returns it after a write. */
const parsed = (item: Record<string, unknown>): SlotItem => db().entities.appointmentSlot.parse({ Item: item }).data!;

/**
 * A new window: 1 Query (overlaps), 1 GetItem (product, when given), 1 TransactWriteItems (the
 * slot, on the condition that the profile still has the zone it copies: shared/db/owner-zone.ts).
 */
export async function createSlot(owner: Owner, fields: SlotBody): Promise<SlotItem> {
  const slot = { ...fields, id: randomUUID() };
  await assertSlotFits(owner.id, slot);
  return parsed(await putInOwnerZone(owner, (timezone) => db().entities.appointmentSlot.create({ ...slot, userId: owner.id, timezone }).params()));
}

/** Replaces a window with `fields` (the stored one merged with the patch, validated whole). */
export async function replaceSlot(owner: Owner, stored: SlotItem, fields: SlotBody): Promise<SlotItem> {
  await assertSlotFits(owner.id, { ...fields, id: stored.id });
  try {
    return parsed(
      await putInOwnerZone(owner, (timezone) =>
        db()
          .entities.appointmentSlot.put({ ...fields, id: stored.id, userId: owner.id, timezone, createdAt: stored.createdAt })
          .where(({ id }, { exists }) => exists(id))
          .params(),
      ),
    );
  } catch (error) {
    if (error instanceof ItemConditionFailed) throw new NotFound(SLOT_NOT_FOUND);
    throw error;
  }
}

export async function deleteSlotOf(ownerId: string, id: string): Promise<void> {
  try {
    await db().entities.appointmentSlot.remove({ userId: ownerId, id }).go();
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFound(SLOT_NOT_FOUND);
    throw error;
  }
}
