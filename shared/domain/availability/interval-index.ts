/**
 * Interval queries in O(log n), built once per admin per request, so that checking a candidate
 * never scans every appointment or busy block.
 */

export interface Interval {
  start: number;
  end: number;
}

/** Number of values in a sorted array that are < limit (or <= limit when inclusive). */
function countBelow(sorted: Float64Array, limit: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < limit || (inclusive && sorted[mid] === limit)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many intervals [a, b) are in progress at once, as a step function built by one sweep over
 * the start and end events: `peak(start, end)` is the largest number in progress at any instant of
 * [start, end). This is what a capacity limits (a slot's maxAppointments): bookings that merely
 * overlap the same slot one after the other never hold two places. Touching intervals are not
 * simultaneous (an end and a start at the same instant: the end comes first), and an empty
 * interval is never in progress. Callers pass only intervals with a <= b.
 *
 * The availability engine and the race-free write (shared/domain/appointments/schedule.ts) both
 * count with this, so what is offered and what a booking may take follow one rule.
 */
export class ConcurrencyProfile {
  /** at[i] is where the count becomes level[i]; before at[0] nothing is in progress. */
  private readonly at: Float64Array;
  private readonly level: Int32Array;

  constructor(intervals: readonly Interval[]) {
    const starts = Float64Array.from(intervals, (interval) => interval.start).sort();
    const ends = Float64Array.from(intervals, (interval) => interval.end).sort();
    const at: number[] = [];
    const level: number[] = [];
    let running = 0;
    let i = 0;
    let j = 0;
    while (i < starts.length || j < ends.length) {
      // Every event at the same instant is applied before the level is recorded.
      const t = Math.min(i < starts.length ? starts[i]! : Infinity, j < ends.length ? ends[j]! : Infinity);
      while (j < ends.length && ends[j] === t) (running--, j++);
      while (i < starts.length && starts[i] === t) (running++, i++);
      at.push(t);
      level.push(running);
    }
    this.at = Float64Array.from(at);
    this.level = Int32Array.from(level);
  }

  peak(start: number, end: number): number {
    if (!(start < end)) return 0;
    // The step in force at `start` (the last one at or before it), then every step before `end`.
    let index = countBelow(this.at, start, true) - 1;
    let peak = index >= 0 ? this.level[index]! : 0;
    for (index++; index < this.at.length && this.at[index]! < end; index++) peak = Math.max(peak, this.level[index]!);
    return peak;
  }
}

/**
 * Whether any interval [a, b) has a < end and b > start: among the intervals starting before
 * `end` (a prefix once sorted by start), the latest end decides.
 */
export class OverlapDetector {
  private readonly starts: Float64Array;
  private readonly latestEnd: Float64Array;

  constructor(intervals: readonly Interval[]) {
    const sorted = [...intervals].sort((x, y) => x.start - y.start);
    this.starts = Float64Array.from(sorted, (interval) => interval.start);
    this.latestEnd = new Float64Array(sorted.length);
    let latest = -Infinity;
    sorted.forEach((interval, index) => {
      latest = Math.max(latest, interval.end);
      this.latestEnd[index] = latest;
    });
  }

  overlaps(start: number, end: number): boolean {
    const before = countBelow(this.starts, end, false);
    return before > 0 && this.latestEnd[before - 1]! > start;
  }
}
