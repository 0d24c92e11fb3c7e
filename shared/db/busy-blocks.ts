import { utcBound } from './instants.ts';
import { db } from './service.ts';

/**
 * Time taken in a connected calendar. Stored in pieces of at most a day so that a query by start
 * time can bound how far back to look: an all-week event becomes seven items.
 */
export const MAX_BUSY_PIECE_MS = 86_400_000;

export interface BusyTime {
  connectionId: string;
  /** The provider's event id. */
  externalId: string;
  /** The admin whose time it takes. */
  ownerId: string;
  /** ISO 8601 instants with a zone designator. */
  startTime: string;
  endTime: string;
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

function instantMs(value: string, what: string): number {
  const ms = ZONED.test(value) ? Date.parse(value) : NaN;
  // The availability engine throws on a malformed instant: refuse it here, when it is written.
  if (Number.isNaN(ms)) throw new RangeError(`Busy block ${what} must be an ISO 8601 instant with a zone: ${value}`);
  return ms;
}

/** A block as the pieces stored: the first keeps the event id, the next ones add `#2`, `#3`… */
export function busyPieces(block: BusyTime): BusyTime[] {
  const start = instantMs(block.startTime, 'startTime');
  const end = instantMs(block.endTime, 'endTime');
  if (end <= start) throw new RangeError(`Busy block ${block.externalId} must end after it starts`);
  const pieces: BusyTime[] = [];
  for (let from = start, n = 1; from < end; from += MAX_BUSY_PIECE_MS, n++) {
    pieces.push({
      ...block,
      externalId: n === 1 ? block.externalId : `${block.externalId}#${n}`,
      startTime: new Date(from).toISOString(),
      endTime: new Date(Math.min(end, from + MAX_BUSY_PIECE_MS)).toISOString(),
    });
  }
  return pieces;
}

/**
 * Stores (upserts) busy time imported from a connected calendar, in BatchWriteItem requests of 25
 * pieces. Each piece expires (TTL) a day after it ends. Removing an event that was cancelled or
 * shortened is the calendar sync's job (`busyBlock.byConnection`).
 */
export async function putBusyBlocks(blocks: readonly BusyTime[]): Promise<void> {
  const items = blocks.flatMap(busyPieces).map((piece) => ({ ...piece, ttl: Math.floor(Date.parse(piece.endTime) / 1000) + 86_400 }));
  if (items.length === 0) return;
  const { unprocessed } = await db().entities.busyBlock.put(items).go();
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} busy blocks were not written (throttled); retry the sync`);
}

/**
 * Busy time overlapping [from, to), of one owner or of everyone: ONE Query on `busyBlock.byTime`
 * (bounded by the piece length; one request per MB of results).
 */
export async function busyBlocksOverlapping(from: string, to: string, ownerId?: string) {
  const { data } = await db()
    .entities.busyBlock.query.byTime({})
    .between({ startTime: new Date(Date.parse(utcBound(from, 'from')) - MAX_BUSY_PIECE_MS).toISOString() }, { startTime: utcBound(to, 'to') })
    .where((attr, op) => [op.gt(attr.endTime, from), op.lt(attr.startTime, to), ownerId && op.eq(attr.ownerId, ownerId)].filter(Boolean).join(' AND '))
    .go({ pages: 'all', attributes: ['ownerId', 'startTime', 'endTime'] });
  return data;
}
