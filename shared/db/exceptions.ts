import { randomUUID } from 'node:crypto';
import type { EntityItem } from 'electrodb';
import type { ExceptionBody } from '../api/availability.ts';
import { NotFound } from '../errors.ts';
import { isConditionFailure } from './conditions.ts';
import type { AppointmentException } from './entities/availability.ts';
import { ItemConditionFailed, putInOwnerZone } from './owner-zone.ts';
import { db } from './service.ts';
import type { Owner } from './slots.ts';

/**
 * An admin's exceptions (dates blocked or with an extra window), always scoped to their owner:
 * another admin's id answers the same 404 as a missing one.
 */

export type ExceptionItem = EntityItem<AppointmentException>;

export const EXCEPTION_NOT_FOUND = 'Exception not found';

/** The owner's exceptions by date: ONE Query (`appointmentException.byOwner`). */
export async function listExceptions(ownerId: string): Promise<ExceptionItem[]> {
  const { data } = await db().entities.appointmentException.query.byOwner({ userId: ownerId }).go({ pages: 'all' });
  return data.sort((a, b) => a.date.localeCompare(b.date) || (a.startTime ?? '').localeCompare(b.startTime ?? ''));
}

export async function getExceptionOf(ownerId: string, id: string): Promise<ExceptionItem> {
  const { data } = await db().entities.appointmentException.get({ userId: ownerId, id }).go();
  if (!data) throw new NotFound(EXCEPTION_NOT_FOUND);
  return data;
}

/** The item as ElectroDB returns it after a write. */
const parsed = (item: Record<string, unknown>): ExceptionItem => db().entities.appointmentException.parse({ Item: item }).data!;

/** 1 TransactWriteItems: the exception, on the condition that the profile still has the zone it copies (shared/db/owner-zone.ts). */
export async function createException(owner: Owner, fields: ExceptionBody): Promise<ExceptionItem> {
  const id = randomUUID();
  return parsed(await putInOwnerZone(owner, (timezone) => db().entities.appointmentException.create({ ...fields, id, userId: owner.id, timezone }).params()));
}

export async function replaceException(owner: Owner, stored: ExceptionItem, fields: ExceptionBody): Promise<ExceptionItem> {
  try {
    return parsed(
      await putInOwnerZone(owner, (timezone) =>
        db()
          .entities.appointmentException.put({ ...fields, id: stored.id, userId: owner.id, timezone, createdAt: stored.createdAt })
          .where(({ id }, { exists }) => exists(id))
          .params(),
      ),
    );
  } catch (error) {
    if (error instanceof ItemConditionFailed) throw new NotFound(EXCEPTION_NOT_FOUND);
    throw error;
  }
}

export async function deleteExceptionOf(ownerId: string, id: string): Promise<void> {
  try {
    await db().entities.appointmentException.remove({ userId: ownerId, id }).go();
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFound(EXCEPTION_NOT_FOUND);
    throw error;
  }
}
