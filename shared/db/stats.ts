import { EMPTY_STATS, type MonthStats } from '../domain/appointments/stats.ts';
import { db } from './service.ts';

/** One GetItem: the month's counters (zeros for a month without appointments). */
export async function readMonthStats(month: string): Promise<MonthStats> {
  const { data } = await db().entities.monthStats.get({ month }).go();
  const stats = { ...EMPTY_STATS };
  for (const key of Object.keys(EMPTY_STATS) as Array<keyof MonthStats>) stats[key] = Number(data?.[key] ?? 0);
  return stats;
}
