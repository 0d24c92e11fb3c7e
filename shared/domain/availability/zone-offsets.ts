/**
 * A zone's offsets over a bounded span, precomputed once per zone per request. tzOffset costs
 * about 8 µs (an Intl format), and the engine needs several per window per day: a 90-day request
 * would spend more time there than in everything else together.
 */
import { DAY_MS, MINUTE_MS, zoneOffset, type OffsetAt } from './wall-clock.ts';

/**
 * Offsets equal to the zone's own within [fromMs, toMs], found by sampling once a day and
 * bisecting to the minute where the offset changes. Outside the span it asks the zone directly.
 * Assumes no zone changes offset twice within 24 hours.
 */
export function offsetTimeline(timeZone: string, fromMs: number, toMs: number): OffsetAt {
  const exact = zoneOffset(timeZone);
  const start = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const end = Math.ceil(toMs / DAY_MS) * DAY_MS;
  // changeAt[i] is the first instant with offsets[i + 1]; offsets[0] holds from `start`.
  const changeAt: number[] = [];
  const offsets: number[] = [exact(start)];
  for (let sample = start + DAY_MS; sample <= end; sample += DAY_MS) {
    const previous = offsets[offsets.length - 1]!;
    const offset = exact(sample);
    if (offset === previous) continue;
    let lo = (sample - DAY_MS) / MINUTE_MS;
    let hi = sample / MINUTE_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (exact(mid * MINUTE_MS) === previous) lo = mid;
      else hi = mid;
    }
    changeAt.push(hi * MINUTE_MS);
    offsets.push(offset);
  }
  return (instantMs) => {
    if (instantMs < start || instantMs > end) return exact(instantMs);
    let index = 0;
    while (index < changeAt.length && changeAt[index]! <= instantMs) index++;
    return offsets[index]!;
  };
}
