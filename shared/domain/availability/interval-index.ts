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
 * Counts intervals [a, b) with a < end and b > start. Every interval with b <= start also has
 * a < end (a <= b <= start < end), so the count is #(a < end) − #(b <= start): two binary searches
 * over the starts and the ends sorted independently. Callers pass only intervals with a <= b.
 */
export class OverlapCounter {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;

  constructor(intervals: readonly Interval[]) {
    this.starts = Float64Array.from(intervals, (interval) => interval.start).sort();
    this.ends = Float64Array.from(intervals, (interval) => interval.end).sort();
  }

  count(start: number, end: number): number {
    return countBelow(this.starts, end, false) - countBelow(this.ends, start, true);
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
