/**
 * Slots per calendar day of the person looking at them, who may not share the admin's zone:
 * a Paris admin's 05:00 slot is on the previous evening for a viewer in New York.
 */
import type { BookableSlot } from './types.ts';
import { formatCalendarDay, localDay, parseInstant } from './calendar.ts';
import { offsetTimeline } from './zone-offsets.ts';

/** Days in ascending order; within a day, slots keep the order they came in. */
export function groupByDay(slots: readonly BookableSlot[], timezone: string): Array<{ date: string; slots: BookableSlot[] }> {
  if (slots.length === 0) return [];
  const starts = slots.map((slot) => parseInstant(slot.startTime, 'slot start'));
  // One timeline for the whole list: a per-slot Intl lookup would cost more than the engine.
  const offsetAt = offsetTimeline(
    timezone,
    starts.reduce((a, b) => Math.min(a, b)),
    starts.reduce((a, b) => Math.max(a, b)),
  );
  const days = new Map<number, BookableSlot[]>();
  slots.forEach((slot, index) => {
    const day = localDay(starts[index]!, offsetAt);
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  });
  return [...days.entries()].sort(([a], [b]) => a - b).map(([day, daySlots]) => ({ date: formatCalendarDay(day), slots: daySlots }));
}
