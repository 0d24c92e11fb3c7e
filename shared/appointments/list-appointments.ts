import type { Caller } from '../caller.ts';
import { queryAppointments, type AppointmentFilters, type AppointmentItem } from '../db/appointments.ts';
import { withPeopleAndProducts } from '../db/embeds.ts';
import { InvalidInput } from '../errors.ts';

type Page = { limit: number; cursor?: string };
type TeamFilters = Omit<AppointmentFilters, 'q'> & { q?: string; assignedAdminId?: string };

/** The caller's own appointments by start time: ONE Query of their index. */
export function myAppointments(caller: Caller, filters: Omit<AppointmentFilters, 'q'>, page: Page) {
  return queryAppointments({ index: 'byOwner', userId: caller.id }, filters, page);
}

/** One page of the admin list's query: one assigned admin's index, or everyone's by time (the search folded in queryAppointments). */
function queryTeam({ assignedAdminId, q, ...filters }: TeamFilters, page: Page) {
  return queryAppointments(assignedAdminId ? { index: 'byAdmin', assignedAdminId } : { index: 'byTime' }, { ...filters, q }, page);
}

/** The admin list: everyone's appointments (or one assigned admin's), with each row's client, assigned admin and product. */
export async function teamAppointments(filters: TeamFilters, page: Page) {
  const found = await queryTeam(filters, page);
  return { rows: await withPeopleAndProducts(found.items), nextCursor: found.nextCursor };
}

/** A Lambda response holds 6 MB: beyond this many rows the admin narrows the date range. */
const MAX_EXPORT_ROWS = 10_000;

/**
 * Every row of the admin list's filters: the CSV export, the dashboard's week and requests. More
 * than `maxRows` is refused (400) in words the admin page can show as they are.
 */
export async function everyTeamAppointment(filters: TeamFilters, maxRows = MAX_EXPORT_ROWS) {
  const items: AppointmentItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryTeam(filters, { limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (items.length > maxRows) throw new InvalidInput(`More than ${maxRows.toLocaleString('en-US')} appointments match the filters`);
  } while (cursor);
  return withPeopleAndProducts(items);
}
