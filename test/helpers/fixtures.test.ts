import { describe, expect, it } from 'vitest';
import { requestSlot } from './fixtures.ts';

describe('requestSlot', () => {
  it('never hands one test file two slots that overlap, even a hundred of them', () => {
    // 100 one-hour slots in 42 days × 13 hours: random draws alone would overlap in nearly every run.
    const slots = Array.from({ length: 100 }, () => requestSlot(60)).map((slot) => ({ start: Date.parse(slot.startTime), end: Date.parse(slot.endTime) }));
    slots.sort((a, b) => a.start - b.start);
    slots.slice(1).forEach((slot, k) => expect(slot.start).toBeGreaterThanOrEqual(slots[k]!.end));
  });
});
