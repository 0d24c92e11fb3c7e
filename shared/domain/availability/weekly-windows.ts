/**
 * One admin's schedule over a span of calendar days in the admin's zone: the weekly windows and
 * the exceptions' extra windows become real-time windows, the exceptions' blocks real-time
 * intervals. Everything here is wall-clock in, instants out.
 */
import type { AvailabilityException, WeeklySlot } from './types.ts';
import { dayOfWeek, parseCalendarDate, parseWallTime } from './calendar.ts';
import type { Interval } from './interval-index.ts';
import { MINUTE_MS, wallClockOccurrences, wallClockSpans, wallClockToInstant, type OffsetAt } from './wall-clock.ts';

/** The booking parameters a window carries, in milliseconds. */
export interface SlotRules {
  length: number;
  bufferBefore: number;
  bufferAfter: number;
  capacity: number;
}

export interface Window extends SlotRules {
  start: number;
  end: number;
  /**
   * The candidate starts when the zone's offset changes within the window (see gridStarts);
   * absent otherwise, and then they are start, start + length, … (the same grid, cheaper).
   */
  starts?: number[];
}

/**
 * Slot starts of a window on a day whose offset changes within it. Slots keep the local grid
 * people expect: starts are the wall-clock times from + k × length (in local minutes), so whole
 * hours stay whole hours on a 30-minute change (Lord Howe) as on a 60-minute one. A grid time
 * that does not exist (spring forward) is no start; one that happens twice (fall back) is a
 * start at each occurrence. Each slot lasts `length` of real time and must end within the window;
 * a grid start inside the previous slot (the night was shorter) is skipped, so a window's slots
 * never overlap each other.
 */
function gridStarts(day: number, from: number, to: number, window: Window, offsetAt: OffsetAt): number[] {
  const step = window.length / MINUTE_MS;
  const grid: number[] = [];
  for (let minute = from; minute < to; minute += step) grid.push(...wallClockOccurrences(day, minute, offsetAt));
  // In real-time order: over a repeated hour the grid's second pass comes after its first.
  grid.sort((a, b) => a - b);
  const starts: number[] = [];
  let previousEnd = -Infinity;
  for (const start of grid) {
    if (start < window.start || start < previousEnd || start + window.length > window.end) continue;
    starts.push(start);
    previousEnd = start + window.length;
  }
  return starts;
}

/** A window from `from` to `to` (minutes of the day) on `day`, with its own starts on a DST day. */
function windowOn(day: number, from: number, to: number, rules: SlotRules, offsetAt: OffsetAt): Window {
  const window: Window = { ...rules, start: wallClockToInstant(day, from, offsetAt), end: wallClockToInstant(day, to, offsetAt) };
  // One offset throughout (most days; at most one change a day): real-time steps are the grid.
  if (window.end > window.start && offsetAt(window.start) !== offsetAt(window.end - 1)) window.starts = gridStarts(day, from, to, window, offsetAt);
  return window;
}

/**
 * For an exception's extra window when the admin has no weekly slot to borrow from: the
 * product's duration (60 minutes without a product), no buffers, one booking.
 */
const DEFAULT_MINUTES = 60;

function rulesOf(slot: WeeklySlot, productMinutes: number | undefined): SlotRules {
  // Candidates step by whole minutes so that every start stays on the minute grid.
  const minutes = productMinutes ?? slot.duration;
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`Slot ${slot.id}: length must be a positive whole number of minutes, got ${minutes}`);
  for (const [name, value] of [['bufferBefore', slot.bufferBefore], ['bufferAfter', slot.bufferAfter]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Slot ${slot.id}: ${name} must be a non-negative number of minutes, got ${value}`);
  }
  if (!Number.isFinite(slot.maxAppointments)) throw new RangeError(`Slot ${slot.id}: maxAppointments must be a number, got ${slot.maxAppointments}`);
  return {
    length: minutes * MINUTE_MS,
    bufferBefore: slot.bufferBefore * MINUTE_MS,
    bufferAfter: slot.bufferAfter * MINUTE_MS,
    capacity: slot.maxAppointments,
  };
}

/**
 * Which weekly slot lends its rules (length, buffers, capacity) to an exception's extra window on
 * `day` starting at `startMinute`. Deterministic, so the same data gives the same rules on every
 * database whatever order the table returns items in or the ids the slots were given:
 * 1. the slots of that weekday whose window covers the extra window's start (from <= start < to);
 * 2. when none covers it, all the admin's slots (those passed: active, matching the product);
 * 3. among several, the earliest created (createdAt), then the smallest id as a last resort.
 * Undefined when the admin has no slot at all (the caller's defaults apply).
 */
export function extraWindowSlot(slots: readonly WeeklySlot[], day: number, startMinute: number): WeeklySlot | undefined {
  const weekday = dayOfWeek(day);
  const covering = slots.filter((slot) => slot.dayOfWeek === weekday && parseWallTime(slot.startTime) <= startMinute && startMinute < parseWallTime(slot.endTime));
  const pool = covering.length > 0 ? covering : slots;
  let chosen: WeeklySlot | undefined;
  for (const slot of pool) {
    if (!chosen || slot.createdAt < chosen.createdAt || (slot.createdAt === chosen.createdAt && slot.id < chosen.id)) chosen = slot;
  }
  return chosen;
}

/** Rules for an exception's extra window: the slot above's, else the defaults above. */
function extraWindowRules(slots: readonly WeeklySlot[], day: number, startMinute: number, productMinutes: number | undefined): SlotRules {
  const slot = extraWindowSlot(slots, day, startMinute);
  if (slot) return rulesOf(slot, productMinutes);
  const minutes = productMinutes ?? DEFAULT_MINUTES;
  return { length: minutes * MINUTE_MS, bufferBefore: 0, bufferAfter: 0, capacity: 1 };
}

export interface AdminSchedule {
  windows: Window[];
  /** From isAvailable=false exceptions: a candidate overlapping one is not offered. */
  blocks: Interval[];
}

/**
 * @param slots the admin's active slots that match the product filter
 * @param exceptions the admin's exceptions
 * @param firstDay, lastDay the span of calendar days (epoch days, admin's zone), inclusive
 */
export function expandAdminSchedule(args: {
  slots: readonly WeeklySlot[];
  exceptions: readonly AvailabilityException[];
  productMinutes: number | undefined;
  firstDay: number;
  lastDay: number;
  offsetAt: OffsetAt;
}): AdminSchedule {
  const { slots, exceptions, productMinutes, firstDay, lastDay, offsetAt } = args;
  const at = (day: number, minuteOfDay: number) => wallClockToInstant(day, minuteOfDay, offsetAt);

  // Parsed once, not once per day: a year of days would otherwise reparse every slot 52 times.
  const byWeekday: Array<Array<{ from: number; to: number; rules: SlotRules }>> = Array.from({ length: 7 }, () => []);
  for (const slot of slots) {
    if (!Number.isInteger(slot.dayOfWeek) || slot.dayOfWeek < 0 || slot.dayOfWeek > 6) throw new RangeError(`Slot ${slot.id}: dayOfWeek must be 0 (Sunday) … 6, got ${slot.dayOfWeek}`);
    const from = parseWallTime(slot.startTime);
    const to = parseWallTime(slot.endTime);
    const rules = rulesOf(slot, productMinutes);
    // An end at or before the start is not an overnight window: windows live within one date.
    if (to > from) byWeekday[slot.dayOfWeek]!.push({ from, to, rules });
  }

  const windows: Window[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    // Each bound is converted on its own date, so a window crossing a DST change is shorter
    // (spring) or longer (autumn) in real time while keeping its wall-clock bounds.
    for (const { from, to, rules } of byWeekday[dayOfWeek(day)]!) windows.push(windowOn(day, from, to, rules, offsetAt));
  }

  const blocks: Interval[] = [];
  for (const exception of exceptions) {
    const day = parseCalendarDate(exception.date);
    if (day < firstDay || day > lastDay) continue;
    const from = exception.startTime === undefined ? undefined : parseWallTime(exception.startTime);
    const to = exception.endTime === undefined ? undefined : parseWallTime(exception.endTime);
    if (!exception.isAvailable) {
      // Without both times the whole date is blocked: when unsure, offer less rather than
      // double-book an admin who said no. The date runs from its midnight to the next (23 or 25
      // hours on a DST day). An empty or inverted range blocks nothing.
      // With times, every instant whose clock reading on that date is within them: over a
      // repeated (fall-back) hour that is both occurrences, as a person reading "02:30–02:45"
      // expects (wallClockSpans).
      if (from === undefined || to === undefined) blocks.push({ start: at(day, 0), end: at(day, 1440) });
      else blocks.push(...wallClockSpans(day, from, to, offsetAt));
    } else if (from !== undefined && to !== undefined && to > from) {
      // An extra window adds to the weekly ones; without times there is nothing to add.
      windows.push(windowOn(day, from, to, extraWindowRules(slots, day, from, productMinutes), offsetAt));
    }
  }
  return { windows, blocks };
}
