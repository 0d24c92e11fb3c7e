import { Conflict } from '../errors.ts';
import { documentSdk, dynamoDb } from './client.ts';
import { createWriteTransaction } from './electrodb.ts';
import { db } from './service.ts';

/**
 * Weekly slots and exceptions are interpreted in their owner's profile time zone, and carry a
 * copy of it so that public availability reads no profile (docs/ACCESS_PATTERNS.md, "Availability
 * in three requests"). Two conditional writes keep every copy equal to the profile's zone, in any
 * interleaving:
 * - a slot or exception is written on the condition that the profile still has the zone copied
 *   onto it (a changed zone is read again and the write repeated);
 * - a change of the profile's zone (PUT /api/me) then rewrites the owner's slots and exceptions,
 *   on the condition that the profile still has that new zone (a later change rewrites them in
 *   its turn).
 */

const MAX_ATTEMPTS = 4;

export const ZONE_BUSY = 'Your time zone is being changed right now; please try again';

interface PutParams {
  TableName?: string;
  Item: Record<string, unknown>;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The profile keeps `timezone`: one ConditionCheck item. */
function zoneCheck(ownerId: string, timezone: string) {
  const { TableName, Key } = db().entities.user.get({ id: ownerId }).params() as { TableName: string; Key: Record<string, unknown> };
  return {
    ConditionCheck: {
      TableName,
      Key,
      ConditionExpression: '#timezone = :timezone',
      ExpressionAttributeNames: { '#timezone': 'timezone' },
      ExpressionAttributeValues: { ':timezone': timezone },
    },
  };
}

function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code);
}

/** The item's own condition failed (it exists already, or no longer): the caller says what that means. */
export class ItemConditionFailed extends Error {
  override name = 'ItemConditionFailed';
}

/**
 * Puts an item that carries its owner's zone (`build(zone)` gives ElectroDB's put parameters) in
 * ONE TransactWriteItems with a check that the profile still has that zone; when the zone changed
 * meanwhile, reads it again and repeats. Returns the item as written.
 */
export async function putInOwnerZone(owner: { id: string; timezone: string }, build: (timezone: string) => PutParams): Promise<Record<string, unknown>> {
  let timezone = owner.timezone;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const params = build(timezone);
    try {
      await dynamoDb().send(new documentSdk.TransactWriteCommand({ TransactItems: [{ Put: params as PutParams & { TableName: string } }, zoneCheck(owner.id, timezone)] }));
      return params.Item;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') throw new ItemConditionFailed();
      if (codes[1] === 'ConditionalCheckFailed') {
        const { data } = await db().entities.user.get({ id: owner.id }).go();
        if (!data) throw error;
        timezone = data.timezone;
      }
      // Otherwise a concurrent transaction on the same items: try again.
    }
  }
  throw new Conflict(ZONE_BUSY);
}

/**
 * After the owner's profile zone became `timezone`: rewrites the zone of their slots and
 * exceptions that carry another one. 2 Queries (strongly consistent: a slot written just before
 * the zone change is seen), then, when some carry another zone, 1 TransactWriteItems per 99 items.
 */
export async function moveAvailabilityToZone(ownerId: string, timezone: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const [slots, exceptions] = await Promise.all([
      db().entities.appointmentSlot.query.byOwner({ userId: ownerId }).go({ pages: 'all', consistent: true, attributes: ['id', 'timezone'] }),
      db().entities.appointmentException.query.byOwner({ userId: ownerId }).go({ pages: 'all', consistent: true, attributes: ['id', 'timezone'] }),
    ]);
    const stale = [
      ...slots.data.filter((item) => item.timezone !== timezone).map((item) => ({ kind: 'slot' as const, id: item.id })),
      ...exceptions.data.filter((item) => item.timezone !== timezone).map((item) => ({ kind: 'exception' as const, id: item.id })),
    ];
    let settled = true;
    for (let from = 0; from < stale.length && settled; from += 99) {
      const chunk = stale.slice(from, from + 99);
      const result = await createWriteTransaction(db().pick('user', 'appointmentSlot', 'appointmentException'), ({ user, appointmentSlot, appointmentException }) => [
        user
          .check({ id: ownerId })
          .where((attr, { eq }) => eq(attr.timezone, timezone))
          .commit(),
        ...chunk.map(({ kind, id }) =>
          (kind === 'slot' ? appointmentSlot.patch({ userId: ownerId, id }) : appointmentException.patch({ userId: ownerId, id })).set({ timezone }).commit(),
        ),
      ]).go();
      if (!result.canceled) continue;
      // The profile moved on to another zone: that change rewrites them.
      const [check] = result.data as Array<{ rejected: boolean; code?: string }>;
      if (check?.rejected && check.code === 'ConditionalCheckFailed') return;
      // An item deleted or changed meanwhile: read them again.
      settled = false;
    }
    if (settled) return;
  }
  throw new Conflict(ZONE_BUSY);
}
