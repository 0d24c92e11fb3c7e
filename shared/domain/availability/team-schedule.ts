/**
 * The team's schedule as the admin calendar draws it behind the appointments (the seed's "Admin
 * wants to visualize team availability"): for each admin, when they work (weekly windows and
 * extra windows, less their time off), their time off (exceptions) and their busy time in
 * connected calendars, over a range. Pure, like the engine, and from the same expansion of
 * windows (weekly-windows.ts), so what is drawn is what the engine offers from.
 */
import type { AvailabilityException, BusyInterval, WeeklySlot } from './types.ts';
import { localDay, parseInstant } from './calendar.ts';
import type { Interval } from './interval-index.ts';
import { expandAdminSchedule } from './weekly-windows.ts';
import { DAY_MS } from './wall-clock.ts';
import { offsetTimeline } from './zone-offsets.ts';

export interface TimeSpan {
  startTime: string;
  endTime: string;
}

export interface AdminSchedule {
  adminId: string;
  /** When the admin is there to be booked: weekly and extra windows, less time off. */
  working: TimeSpan[];
  /** Dates or hours the admin blocked (exceptions). */
  timeOff: TimeSpan[];
  /** Busy in a connected Google or Outlook calendar. */
  busy: TimeSpan[];
}

export interface TeamScheduleInput {
  /** The range drawn: [from, to). */
  from: string;
  to: string;
  /** The admins asked about, with the zone their windows are written in. */
  admins: Array<{ id: string; timezone: string }>;
  slots: readonly WeeklySlot[];
  exceptions: readonly AvailabilityException[];
  busy: readonly BusyInterval[];
}

/** Sorted, overlapping or touching intervals joined. */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const joined: Interval[] = [];
  for (const interval of sorted) {
    const last = joined.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else joined.push({ ...interval });
  }
  return joined;
}

/** `intervals` less every part covered by `removed` (both joined). */
function subtract(intervals: readonly Interval[], removed: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  for (const interval of intervals) {
    let start = interval.start;
    for (const cut of removed) {
      if (cut.end <= start || cut.start >= interval.end) continue;
      if (cut.start > start) result.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
    }
    if (start < interval.end) result.push({ start, end: interval.end });
  }
  return result;
}

function clipped(intervals: readonly Interval[], from: number, to: number): TimeSpan[] {
  return intervals
    .filter((i) => i.end > from && i.start < to)
    .map((i) => ({ startTime: new Date(Math.max(i.start, from)).toISOString(), endTime: new Date(Math.min(i.end, to)).toISOString() }));
}

/** Each admin's working time, time off and busy time within [from, to), in the order asked. */
export function teamSchedule(input: TeamScheduleInput): AdminSchedule[] {
  const from = parseInstant(input.from, 'from');
  const to = parseInstant(input.to, 'to');
  return input.admins.map(({ id, timezone }) => {
    const offsetAt = offsetTimeline(timezone, from - 3 * DAY_MS, to + 3 * DAY_MS);
    const { windows, blocks } = expandAdminSchedule({
      slots: input.slots.filter((slot) => slot.userId === id && slot.isActive),
      exceptions: input.exceptions.filter((exception) => exception.userId === id),
      productMinutes: undefined,
      // Local dates around the range: a window dated the day before may reach into it.
      firstDay: localDay(from, offsetAt) - 1,
      lastDay: localDay(to, offsetAt) + 1,
      offsetAt,
    });
    const timeOff = union(blocks);
    const busy = union(
      input.busy.filter((block) => block.ownerId === id).map((block) => ({ start: parseInstant(block.startTime, 'busy start'), end: parseInstant(block.endTime, 'busy end') })),
    );
    return {
      adminId: id,
      working: clipped(subtract(union(windows), timeOff), from, to),
      timeOff: clipped(timeOff, from, to),
      busy: clipped(busy, from, to),
    };
  });
}
