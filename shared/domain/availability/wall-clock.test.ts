import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS, wallClockOccurrences, wallClockSpans, wallClockToInstant, zoneOffset } from './wall-clock.ts';
import { offsetTimeline } from './zone-offsets.ts';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const at = (date: string, time: string, zone: string) =>
  new Date(wallClockToInstant(day(date), Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), zoneOffset(zone))).toISOString();

describe('wall clock → instant, hand-checked', () => {
  it('an ordinary time uses the offset of that date', () => {
    expect(at('2026-01-15', '09:00', 'Europe/Paris')).toBe('2026-01-15T08:00:00.000Z');
    expect(at('2026-07-15', '09:00', 'Europe/Paris')).toBe('2026-07-15T07:00:00.000Z');
    expect(at('2026-03-29', '09:00', 'Asia/Kolkata')).toBe('2026-03-29T03:30:00.000Z');
    expect(at('2026-03-29', '24:00', 'UTC')).toBe('2026-03-30T00:00:00.000Z');
  });

  it('a time skipped by spring-forward moves to the first instant that exists', () => {
    // Paris 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z.
    expect(at('2026-03-29', '01:59', 'Europe/Paris')).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29', '02:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '02:30', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '03:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '03:01', 'Europe/Paris')).toBe('2026-03-29T01:01:00.000Z');
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(at('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    // Lord Howe 2026-10-04: 02:00 (+10:30) becomes 02:30 (+11) at 15:30Z the day before.
    expect(at('2026-10-04', '02:15', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
    expect(at('2026-10-04', '02:30', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
  });

  it('a time repeated by fall-back takes its first occurrence', () => {
    // Paris 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z; 02:00–02:59 happens twice.
    expect(at('2026-10-25', '02:00', 'Europe/Paris')).toBe('2026-10-25T00:00:00.000Z');
    expect(at('2026-10-25', '02:30', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25', '03:00', 'Europe/Paris')).toBe('2026-10-25T02:00:00.000Z');
    // New York 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00Z.
    expect(at('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-11-01', '02:00', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    // Lord Howe 2026-04-05: 02:00 (+11) becomes 01:30 (+10:30) at 15:00Z the day before.
    expect(at('2026-04-05', '01:30', 'Australia/Lord_Howe')).toBe('2026-04-04T14:30:00.000Z');
    expect(at('2026-04-05', '01:59', 'Australia/Lord_Howe')).toBe('2026-04-04T14:59:00.000Z');
    expect(at('2026-04-05', '02:00', 'Australia/Lord_Howe')).toBe('2026-04-04T15:30:00.000Z');
  });

  it('rejects an unknown zone instead of answering NaN', () => {
    expect(() => zoneOffset('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
const TRANSITION_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'].map(day);

describe('wall clock → instant against a scan of every minute', () => {
  it('is the first minute reading that wall time, or the first minute after it when none does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.oneof(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: day('2026-01-01'), max: day('2026-12-31') })),
        fc.oneof(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 1440 })),
        (zone, epochDay, minuteOfDay) => {
          const wall = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
          const readingAt = (instant: number) => instant + tzOffset(zone, new Date(instant)) * MINUTE_MS;
          // Every zone reads within ±14 h of UTC: the answer lies in this scan.
          let expected: number | undefined;
          for (let instant = wall - 15 * 60 * MINUTE_MS; instant <= wall + 15 * 60 * MINUTE_MS; instant += MINUTE_MS) {
            if (readingAt(instant) >= wall) {
              expected = instant;
              break;
            }
          }
          expect(wallClockToInstant(epochDay, minuteOfDay, zoneOffset(zone))).toBe(expected);
        },
      ),
      { numRuns: 80, seed: 4242 },
    );
  });
});

describe('offset timeline', () => {
  it('answers exactly what the zone answers, across DST changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (zone, from, days, fractions) => {
          const to = from + days * DAY_MS;
          const offsetAt = offsetTimeline(zone, from, to);
          for (const fraction of fractions) {
            const instant = Math.round(from + fraction * (to - from));
            expect(offsetAt(instant), new Date(instant).toISOString()).toBe(tzOffset(zone, new Date(instant)));
          }
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('finds each change to the minute', () => {
    const paris = offsetTimeline('Europe/Paris', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z'));
    expect(paris(Date.parse('2026-03-29T00:59:00Z'))).toBe(60);
    expect(paris(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(paris(Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
    expect(paris(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
    const lordHowe = offsetTimeline('Australia/Lord_Howe', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z'));
    expect(lordHowe(Date.parse('2026-10-03T15:29:00Z'))).toBe(630);
    expect(lordHowe(Date.parse('2026-10-03T15:30:00Z'))).toBe(660);
  });
});

describe('every occurrence of a wall-clock reading (slot grids, time off)', () => {
  const minute = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const occurrences = (date: string, time: string, zone: string) => wallClockOccurrences(day(date), minute(time), zoneOffset(zone)).map((t) => new Date(t).toISOString());
  const spans = (date: string, from: string, to: string, zone: string) =>
    wallClockSpans(day(date), minute(from), minute(to), zoneOffset(zone)).map(({ start, end }) => `${new Date(start).toISOString().slice(11, 16)}-${new Date(end).toISOString().slice(11, 16)}`);

  it('a time happens once, twice over a repeated hour, never in a skipped one', () => {
    expect(occurrences('2026-01-15', '09:00', 'Europe/Paris')).toEqual(['2026-01-15T08:00:00.000Z']);
    expect(occurrences('2026-10-25', '02:30', 'Europe/Paris')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(occurrences('2026-03-29', '02:30', 'Europe/Paris')).toEqual([]);
    // Lord Howe's 30-minute changes: 01:45 twice in April, 02:00 never in October.
    expect(occurrences('2026-04-05', '01:45', 'Australia/Lord_Howe')).toEqual(['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z']);
    expect(occurrences('2026-10-04', '02:00', 'Australia/Lord_Howe')).toEqual([]);
  });

  it('a range covers every instant whose reading is within it', () => {
    expect(spans('2026-01-15', '09:00', '10:00', 'Europe/Paris')).toEqual(['08:00-09:00']);
    // Both passes of 02:30–02:45, an hour apart.
    expect(spans('2026-10-25', '02:30', '02:45', 'Europe/Paris')).toEqual(['00:30-00:45', '01:30-01:45']);
    // Into the repeated hour: 01:30–02:30 summer time, then 02:00–02:30 winter time.
    expect(spans('2026-10-25', '01:30', '02:30', 'Europe/Paris')).toEqual(['23:30-00:30', '01:00-01:30']);
    // Across the skipped hour: one stretch of real time; inside it: nothing.
    expect(spans('2026-03-29', '01:30', '03:30', 'Europe/Paris')).toEqual(['00:30-01:30']);
    expect(spans('2026-03-29', '02:15', '02:45', 'Europe/Paris')).toEqual([]);
    // The whole autumn day: 25 hours.
    expect(spans('2026-10-25', '00:00', '24:00', 'Europe/Paris')).toEqual(['22:00-23:00']);
    expect(wallClockSpans(day('2026-10-25'), 0, 1440, zoneOffset('Europe/Paris')).map(({ start, end }) => (end - start) / 3_600_000)).toEqual([25]);
  });
});
