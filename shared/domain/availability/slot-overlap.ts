/**
 * The write-time rule on weekly windows: one admin's active windows for the same weekday and the
 * same product (or both for any product) must not overlap. The engine would cope (it offers each
 * slot once), but two overlapping windows are almost always a typo the admin wants to hear about.
 */
import { parseWallTime } from './calendar.ts';
import type { WeeklySlot } from './types.ts';

type Window = Pick<WeeklySlot, 'id' | 'dayOfWeek' | 'startTime' | 'endTime' | 'productId' | 'isActive'>;

/** The first active window of `others` that `candidate` overlaps (touching is not overlapping). */
export function overlappingWindow<T extends Window>(candidate: Window, others: readonly T[]): T | undefined {
  if (!candidate.isActive) return undefined;
  const from = parseWallTime(candidate.startTime);
  const to = parseWallTime(candidate.endTime);
  return others.find(
    (other) =>
      other.id !== candidate.id &&
      other.isActive &&
      other.dayOfWeek === candidate.dayOfWeek &&
      (other.productId ?? null) === (candidate.productId ?? null) &&
      parseWallTime(other.startTime) < to &&
      from < parseWallTime(other.endTime),
  );
}
