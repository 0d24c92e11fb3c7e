import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupByDay } from './group-by-day.ts';
import type { BookableSlot } from './types.ts';

const at = (startTime: string): BookableSlot => ({ startTime, endTime: new Date(Date.parse(startTime) + 3_600_000).toISOString(), adminId: 'admin', remaining: 1 });

describe('groupByDay', () => {
  it('is empty for no slots', () => {
    expect(groupByDay([], 'Europe/Paris')).toEqual([]);
  });

  it('uses the viewer’s calendar, including on a DST day', () => {
    // New York falls back on 2026-11-01: 04:30Z is 00:30 EDT, 06:30Z is 01:30 EST, 04:00Z the day before.
    const slots = ['2026-11-01T03:59:00.000Z', '2026-11-01T04:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-02T04:59:00.000Z', '2026-11-02T05:00:00.000Z'].map(at);
    expect(groupByDay(slots, 'America/New_York').map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-10-31', 1],
      ['2026-11-01', 3],
      ['2026-11-02', 1],
    ]);
    expect(groupByDay(slots, 'Australia/Lord_Howe').map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('matches TZDate’s calendar date for every slot, days ascending, slots in input order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'),
        fc.array(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }), { maxLength: 40 }),
        (zone, instants) => {
          const slots = instants.sort((a, b) => a - b).map((ms) => at(new Date(ms).toISOString()));
          const days = groupByDay(slots, zone);
          expect(days.flatMap((d) => d.slots)).toEqual(slots);
          expect(days.map((d) => d.date)).toEqual([...new Set(days.map((d) => d.date))].sort());
          for (const d of days) for (const s of d.slots) expect(format(new TZDate(Date.parse(s.startTime), zone), 'yyyy-MM-dd')).toBe(d.date);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});
