import { adminListRow } from '../api/appointment-view.ts';
import type { Caller } from '../caller.ts';
import { myConnections } from '../connections/calendar-connections.ts';
import { everyTeamAppointment } from './list-appointments.ts';
import { monthStatistics } from './month-statistics.ts';

/**
 * What the admin dashboard shows first, read at once: the week's appointments (the week as the
 * admin's browser counts it), the pending requests that have not ended yet, this month's
 * statistics and the admin's own calendar connections (a broken one is flagged there). Pending
 * ones whose time has passed are left to the list: reading them too would walk the whole index,
 * years of it, in one call.
 */
export async function adminOverview(week: { startDate: string; endDate: string }, caller: Caller, now: string) {
  const [weekRows, pendingRows, stats, connections] = await Promise.all([
    everyTeamAppointment(week),
    everyTeamAppointment({ status: 'pending', startDate: now }),
    monthStatistics(undefined, now),
    myConnections(caller),
  ]);
  return {
    week: weekRows.map((row) => adminListRow(row, caller)),
    pending: pendingRows.map((row) => adminListRow(row, caller)),
    stats,
    connections,
  };
}
