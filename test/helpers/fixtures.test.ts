import { describe, expect, it } from 'vitest';
import { requestSlot } from './fixtures.ts';

describe('requestSlot', () => {
  it('never hands one test file two slots that overlap, even hundreds of them', () => {
    // 100 one-hour slots in 42 days × 13 hours: random draws alone would overlap many times.
    const slots = Array.from({ length: 100 }, () => requestSlot(60)).map((slot) => [Date.parse(slot.startTime), Date.parse(slot.endTime)]);
    slots.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < slots.length; i++) expect(slots[i][0]).toBeGreaterThanOrEqual(slots[i - 1][1]);
  });
});
