import { publicAvailability } from '../db/availability.ts';

/** GET /api/availability: the bookable slots starting in [from, to), and the same grouped by day in `timezone`. */
export async function bookableSlots(query: { from: string; to: string; timezone: string; productId?: string; adminId?: string }, now: string) {
  const { slots, days } = await publicAvailability({ ...query, now });
  return { from: query.from, to: query.to, timezone: query.timezone, slots, days };
}
