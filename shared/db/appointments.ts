import { utcBound } from './instants.ts';
import type { EntityItem } from 'electrodb';
import { createConversions } from './electrodb.ts';
import type { Appointment } from './entities/appointment.ts';
import { assertCursorFits } from './cursor.ts';
import { db } from './service.ts';
import { foldForSearch } from '../domain/search.ts';

export type AppointmentItem = EntityItem<Appointment>;

export async function getAppointment(id: string): Promise<AppointmentItem | null> {
  const { data } = await db().entities.appointment.get({ id }).go();
  return data;
}

/** The lower-case text the admin search (`q`) looks in: title, attendee name and email, description. */
export function searchTextOf(a: Pick<AppointmentItem, 'title' | 'attendeeName' | 'attendeeEmail' | 'description'>): string {
  return foldForSearch([a.title, a.attendeeName, a.attendeeEmail, a.description].filter(Boolean).join(' \u0001 '));
}

export interface AppointmentFilters {
  status?: AppointmentItem['status'];
  type?: AppointmentItem['type'];
  startDate?: string;
  endDate?: string;
  /** Lower-case text the search attribute must contain. */
  q?: string;
}

export type AppointmentIndex =
  | { index: 'byOwner'; userId: string }
  | { index: 'byAdmin'; assignedAdminId: string }
  | { index: 'byTime' };

const MAX_DURATION_MS = 24 * 3_600_000;

/**
 * One page of appointments from one index, sorted by start time: ONE DynamoDB Query. Filters
 * run server-side, so a page can hold fewer than `limit` items while `nextCursor` is set.
 */
export async function queryAppointments(from: AppointmentIndex, filters: AppointmentFilters, page: { limit: number; cursor?: string }) {
  const entity = db().entities.appointment;
  const base =
    from.index === 'byOwner'
      ? entity.query.byOwner({ userId: from.userId })
      : from.index === 'byAdmin'
        ? entity.query.byAdmin({ assignedAdminId: from.assignedAdminId })
        : entity.query.byTime({});
  // An appointment overlapping [startDate, endDate) starts before endDate and at most a day
  // (the longest appointment) before startDate: that bounds the sort-key range.
  const low = filters.startDate ? new Date(Date.parse(filters.startDate) - MAX_DURATION_MS).toISOString() : undefined;
  const ranged =
    low && filters.endDate
      ? base.between({ startTime: utcBound(low, 'startDate') }, { startTime: utcBound(filters.endDate, 'endDate') })
      : low
        ? base.gte({ startTime: utcBound(low, 'startDate') })
        : filters.endDate
          ? base.lte({ startTime: utcBound(filters.endDate, 'endDate') })
          : base;
  const query = ranged.where((attr, op) =>
    [
      filters.status && op.eq(attr.status, filters.status),
      filters.type && op.eq(attr.type, filters.type),
      filters.startDate && op.gt(attr.endTime, filters.startDate),
      filters.endDate && op.lt(attr.startTime, filters.endDate),
      // Search text written before it was folded still holds its accents: it matches the query as typed.
      filters.q && `(${op.contains(attr.searchText, foldForSearch(filters.q))} OR ${op.contains(attr.searchText, filters.q.toLowerCase())})`,
    ]
      .filter(Boolean)
      .join(' AND '),
  );
  assertCursorFits(page.cursor, entity, from.index, query.params());
  const filtered = [filters.status, filters.type, filters.q].some(Boolean);
  if (!filtered) {
    const { data, cursor } = await query.go({ limit: page.limit, cursor: page.cursor ?? null });
    return { items: data, nextCursor: cursor ?? undefined };
  }
  const conversions = createConversions(entity).byAccessPattern[from.index];
  // An item this index returned has the index's key attributes (assignedAdminId on byAdmin); the
  // conversion's type asks for every index's at once over the union of access patterns.
  return readFilteredPage(query, (item) => conversions.fromComposite.toCursor(item as never), page);
}

/**
 * The items a filtered page may read before it answers with the matches found so far and a cursor
 * to read on (about 5 MB, the admin's "Load more" goes on from there). DynamoDB's Limit counts the
 * items read before the filter, so a page reads on until it has its matches; without a bound, a
 * search that matches nothing read the whole index: at 100,000 appointments it outlived the
 * function's timeout and the admin got a 500.
 */
export const FILTERED_READ_BUDGET = 5_000;
/** The most items one request reads: requests grow from the page's size up to this. */
const FILTERED_READ_STEP_MAX = 2_000;

interface FilteredQuery {
  go(options: { limit: number; cursor: string | null }): Promise<{ data: AppointmentItem[]; cursor: string | null }>;
}

/**
 * Up to `page.limit` matches, reading at most FILTERED_READ_BUDGET items: requests of the page's
 * size, doubling while matches are scarce. A request that finds more matches than the page has
 * room for ends the page at its last kept item (the cursor is that item's key, as ElectroDB's own).
 */
async function readFilteredPage(query: FilteredQuery, cursorAfter: (item: AppointmentItem) => string | null, page: { limit: number; cursor?: string }) {
  const items: AppointmentItem[] = [];
  let cursor: string | null = page.cursor ?? null;
  let read = 0;
  for (let step = page.limit; read < FILTERED_READ_BUDGET; step = Math.min(step * 2, FILTERED_READ_STEP_MAX)) {
    const size = Math.min(step, FILTERED_READ_BUDGET - read);
    const found = await query.go({ limit: size, cursor });
    read += size;
    const room = page.limit - items.length;
    if (found.data.length >= room) {
      items.push(...found.data.slice(0, room));
      // Cut inside this request's matches: go on after the last one kept (unless it was the range's last).
      const next = found.data.length > room || found.cursor ? cursorAfter(items.at(-1)!) : null;
      return { items, nextCursor: next ?? undefined };
    }
    items.push(...found.data);
    cursor = found.cursor;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? undefined };
}

/**
 * Confirmed appointments whose start lies in [from, to] (both included): the `appointment.byTime`
 * index queried on the start-time range, every page (the scheduled reminders; never a Scan).
 */
export async function confirmedStartingBetween(from: string, to: string): Promise<AppointmentItem[]> {
  const { data } = await db()
    .entities.appointment.query.byTime({})
    .between({ startTime: utcBound(from, 'from') }, { startTime: utcBound(to, 'to') })
    .where((attr, op) => op.eq(attr.status, 'confirmed'))
    .go({ pages: 'all' });
  return data;
}

/**
 * How many of the client's requests wait for the team (pending, not started, asked for by the
 * client: rules.ts `awaiting` is 'admin'), counting up to `atMost`: ONE Query of the client's own
 * index from now on, which stops reading once `atMost` match (a client's future appointments are few).
 */
export async function countOpenRequests(userId: string, now: string, atMost: number): Promise<number> {
  const { data } = await db()
    .entities.appointment.query.byOwner({ userId })
    .gt({ startTime: now })
    .where(
      (attr, op) =>
        `${op.eq(attr.status, 'pending')} AND (${op.eq(attr.requestedBy, userId)} OR (${op.notExists(attr.requestedBy)} AND ${op.eq(attr.createdBy, userId)}))`,
    )
    .go({ count: atMost, attributes: ['id'] });
  return data.length;
}
