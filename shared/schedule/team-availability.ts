import type { TeamAvailabilityQuery } from '../api/availability.ts';
import type { Caller } from '../caller.ts';
import { loadTeamSchedule } from '../db/availability.ts';
import { teamSchedule, type AdminSchedule } from '../domain/availability/team-schedule.ts';

/**
 * GET /api/admin/availability/team (the seed's "Admin wants to visualize team availability"):
 * the working time, time off and calendar busy time of the admins asked about (the caller by
 * default) over the calendar's visible range, in one call. An id that is no admin's simply has
 * nothing to draw.
 */
export async function teamAvailability(query: TeamAvailabilityQuery, caller: Caller): Promise<AdminSchedule[]> {
  const adminIds = query.adminIds ?? [caller.id];
  return teamSchedule(await loadTeamSchedule({ from: query.from, to: query.to, adminIds }));
}
