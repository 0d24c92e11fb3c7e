import { config } from '../config.ts';
import { readMonthStats } from '../db/stats.ts';
import { monthOf } from '../domain/appointments/stats.ts';

/** The seed's statistics for a month (YYYY-MM, default: the current one in the business's zone), from the month's counters. */
export async function monthStatistics(month: string | undefined, now: string) {
  const chosen = month ?? monthOf(now, config().DEFAULT_TIMEZONE);
  return { month: chosen, ...(await readMonthStats(chosen)) };
}
