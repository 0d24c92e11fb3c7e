import { adminListRow } from '../api/appointment-view.ts';
import type { Caller } from '../caller.ts';
import { myConnections } from '../connections/calendar-connections.ts';
import { everyTeamAppointment } from './list-appointments.ts';
import { monthStatistics } from './month-statistics.ts';

/**
 * What the admin dashboard shows first, read at once: the week's appointments (the week as the
 * admin's browser counts it), every request still pending, this month's statistics and the
 * admin's own calendar connections (a broken one is flagged there).
 */
export async function adminOverview(week: { startDate: string; endDate: string }, caller: Caller, now: string) {
  const [weekRows, pendingRows, stats, connections] = await Promise.all([
    everyTeamAppointment(week),
    everyTeamAppointment({ status: 'pending' }),
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
