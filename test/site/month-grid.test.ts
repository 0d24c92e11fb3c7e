import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateAfterKey, dateIn, monthSpan, monthWeeks, weekEnd, weekStart } from '../../site/src/lib/month-grid.ts';

/** Every date of a month's weeks, in order, without the padding. */
const daysOf = (weeks: ReturnType<typeof monthWeeks>) => weeks.flat().filter((d): d is string => d !== null);

describe('the weeks of a month, Monday first', () => {
  it('pads a month starting on a Sunday with six empty days and ends on its last day', () => {
    // 1 November 2026 is a Sunday.
    const weeks = monthWeeks('2026-11');
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks).toHaveLength(6);
    expect(weeks.at(-1)).toEqual(['2026-11-30', null, null, null, null, null, null]);
    expect(daysOf(weeks)).toHaveLength(30);
  });

  it('needs no padding for a February starting on a Monday in a common year (four full weeks)', () => {
    const weeks = monthWeeks('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks[0]![0]).toBe('2027-02-01');
    expect(weeks[3]![6]).toBe('2027-02-28');
  });

  it('counts 29 February in a leap year', () => {
    expect(daysOf(monthWeeks('2028-02')).at(-1)).toBe('2028-02-29');
  });

  it('keeps every day once, in order, in the months clocks change in Paris (March and October)', () => {
    for (const [month, length] of [
      ['2026-03', 31],
      ['2026-10', 31],
    ] as const) {
      const days = daysOf(monthWeeks(month));
      expect(days).toHaveLength(length);
      expect(new Set(days).size).toBe(length);
      days.forEach((day, i) => expect(day).toBe(`${month}-${String(i + 1).padStart(2, '0')}`));
    }
    // 29 March and 25 October 2026 (the change days) are Sundays, at the end of their rows.
    expect(monthWeeks('2026-03').find((w) => w.includes('2026-03-29'))!.indexOf('2026-03-29')).toBe(6);
    expect(monthWeeks('2026-10').find((w) => w.includes('2026-10-25'))!.indexOf('2026-10-25')).toBe(6);
  });

  it('steps days and months across year ends and clock changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(weekStart('2026-11-01')).toBe('2026-10-26');
    expect(weekEnd('2026-11-02')).toBe('2026-11-08');
  });
});

describe('the instants of a month in a zone, for the availability query', () => {
  it('runs from the first instant of the month to the first of the next, in the zone’s own offset on each side', () => {
    const past = new Date('2000-01-01T00:00:00Z');
    // March: starts in winter time (UTC+1), April 1 is in summer time (UTC+2).
    expect(monthSpan('2026-03', 'Europe/Paris', past)).toEqual({ from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' });
    // October: the other way round.
    expect(monthSpan('2026-10', 'Europe/Paris', past)).toEqual({ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
  });

  it('starts at the earliest allowed instant within the month, and is empty once it is past the month', () => {
    const earliest = new Date('2026-12-03T11:56:00Z');
    expect(monthSpan('2026-12', 'Europe/Paris', earliest)).toEqual({ from: '2026-12-03T11:56:00.000Z', to: '2026-12-31T23:00:00.000Z' });
    expect(monthSpan('2026-11', 'Europe/Paris', earliest)).toBeUndefined();
  });

  it('names the date an instant falls on in the zone', () => {
    expect(dateIn(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris')).toBe('2027-01-01');
    expect(dateIn(new Date('2026-12-31T23:30:00Z'), 'America/New_York')).toBe('2026-12-31');
  });
});

describe('keyboard moves in the date grid', () => {
  it('moves by day, by week, to the week’s ends and by month', () => {
    // Tuesday 8 December 2026.
    expect(dateAfterKey('2026-12-08', 'ArrowRight')).toBe('2026-12-09');
    expect(dateAfterKey('2026-12-08', 'ArrowLeft')).toBe('2026-12-07');
    expect(dateAfterKey('2026-12-08', 'ArrowDown')).toBe('2026-12-15');
    expect(dateAfterKey('2026-12-01', 'ArrowUp')).toBe('2026-11-24');
    expect(dateAfterKey('2026-12-08', 'Home')).toBe('2026-12-07');
    expect(dateAfterKey('2026-12-08', 'End')).toBe('2026-12-13');
    expect(dateAfterKey('2026-12-08', 'PageDown')).toBe('2027-01-08');
    // 31 January → the last day of February.
    expect(dateAfterKey('2027-01-31', 'PageDown')).toBe('2027-02-28');
    expect(dateAfterKey('2026-12-08', 'Tab')).toBeUndefined();
  });
});
