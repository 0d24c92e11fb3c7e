/**
 * Daylight saving, end to end through the engine, against instants worked out by hand from the
 * 2026 transitions:
 * - Europe/Paris: +01:00 → +02:00 at 2026-03-29T01:00Z; +02:00 → +01:00 at 2026-10-25T01:00Z.
 * - America/New_York: −05:00 → −04:00 at 2026-03-08T07:00Z; −04:00 → −05:00 at 2026-11-01T06:00Z.
 * - Australia/Lord_Howe: +11:00 → +10:30 at 2026-04-04T15:00Z; +10:30 → +11:00 at 2026-10-03T15:30Z.
 * - Asia/Kolkata: +05:30 all year.
 * Every transition day here is a Sunday (dayOfWeek 0).
 */
import { describe, expect, it } from 'vitest';
import { computeAvailability } from './engine.ts';
import { groupByDay } from './group-by-day.ts';
import type { AvailabilityException, AvailabilityInput, WeeklySlot } from './types.ts';

function slot(window: string, duration = 60, over: Partial<WeeklySlot> = {}): WeeklySlot {
  const [startTime, endTime] = window.split('-') as [string, string];
  return { id: window, userId: 'admin', dayOfWeek: 0, startTime, endTime, duration, bufferBefore: 0, bufferAfter: 0, maxAppointments: 1, isActive: true, createdAt: '2026-01-01T00:00:00.000Z', ...over };
}

/** Slot starts (ISO, UTC) for one admin in `timezone`, over two UTC days around `date`. */
function starts(timezone: string, date: string, slots: WeeklySlot[], exceptions: AvailabilityException[] = []) {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const input: AvailabilityInput = {
    from: new Date(midnight - 86_400_000).toISOString(),
    to: new Date(midnight + 86_400_000).toISOString(),
    now: '2026-01-01T00:00:00Z',
    minimumNoticeMinutes: 0,
    horizonDays: 365,
    admins: [{ id: 'admin', timezone }],
    slots,
    exceptions,
    appointments: [],
    busy: [],
  };
  return computeAvailability(input).map((s) => `${s.startTime.slice(0, 16)}/${s.endTime.slice(11, 16)}`);
}

describe('Europe/Paris', () => {
  it('spring forward (2026-03-29): windows before, across and after the missing hour', () => {
    expect(starts('Europe/Paris', '2026-03-29', [slot('00:00-02:00')])).toEqual(['2026-03-28T23:00/00:00', '2026-03-29T00:00/01:00']);
    // 01:00–04:00 local lasts two real hours: 01:00 CET, then 03:00 CEST.
    expect(starts('Europe/Paris', '2026-03-29', [slot('01:00-04:00')])).toEqual(['2026-03-29T00:00/01:00', '2026-03-29T01:00/02:00']);
    // A start inside the gap moves forward to 03:00 CEST.
    expect(starts('Europe/Paris', '2026-03-29', [slot('02:30-04:00', 30)])).toEqual(['2026-03-29T01:00/01:30', '2026-03-29T01:30/02:00']);
    // After the change a window keeps its wall-clock times.
    expect(starts('Europe/Paris', '2026-03-29', [slot('09:00-12:00')])).toEqual(['2026-03-29T07:00/08:00', '2026-03-29T08:00/09:00', '2026-03-29T09:00/10:00']);
  });

  it('fall back (2026-10-25): windows before, across and after the repeated hour', () => {
    expect(starts('Europe/Paris', '2026-10-25', [slot('00:00-02:00')])).toEqual(['2026-10-24T22:00/23:00', '2026-10-24T23:00/00:00']);
    // 01:00–04:00 local lasts four real hours: 01:00 and 02:00 CEST, 02:00 and 03:00 CET.
    expect(starts('Europe/Paris', '2026-10-25', [slot('01:00-04:00')])).toEqual([
      '2026-10-24T23:00/00:00',
      '2026-10-25T00:00/01:00',
      '2026-10-25T01:00/02:00',
      '2026-10-25T02:00/03:00',
    ]);
    // The window runs from the first 02:30 (CEST) to 03:00 CET; its grid time 02:30 happens twice,
    // and 02:00 CET (01:00Z) reads outside 02:30–03:00, so it is not a start.
    expect(starts('Europe/Paris', '2026-10-25', [slot('02:30-03:00', 30)])).toEqual(['2026-10-25T00:30/01:00', '2026-10-25T01:30/02:00']);
    expect(starts('Europe/Paris', '2026-10-25', [slot('09:00-12:00')])).toEqual(['2026-10-25T08:00/09:00', '2026-10-25T09:00/10:00', '2026-10-25T10:00/11:00']);
  });

  it('an exception on a DST day uses that day’s offsets', () => {
    // Block 01:30–03:30 on the spring day = 00:30Z–01:30Z: drops the 01:00 CET and 03:00 CEST slots.
    const block: AvailabilityException = { userId: 'admin', date: '2026-03-29', isAvailable: false, startTime: '01:30', endTime: '03:30' };
    expect(starts('Europe/Paris', '2026-03-29', [slot('00:00-06:00')], [block])).toEqual([
      '2026-03-28T23:00/00:00',
      '2026-03-29T02:00/03:00',
      '2026-03-29T03:00/04:00',
    ]);
    // A whole-day block on the autumn day covers its 25 hours and nothing of the next day.
    const dayOff: AvailabilityException = { userId: 'admin', date: '2026-10-25', isAvailable: false };
    const mondays = slot('00:00-01:00', 60, { id: 'monday', dayOfWeek: 1 });
    expect(starts('Europe/Paris', '2026-10-25', [slot('00:00-24:00'), mondays], [dayOff])).toEqual(['2026-10-25T23:00/00:00']);
    // An extra window 01:00–03:00 on the autumn day lasts three real hours.
    const extra: AvailabilityException = { userId: 'admin', date: '2026-10-25', isAvailable: true, startTime: '01:00', endTime: '03:00' };
    expect(starts('Europe/Paris', '2026-10-25', [], [extra])).toEqual(['2026-10-24T23:00/00:00', '2026-10-25T00:00/01:00', '2026-10-25T01:00/02:00']);
  });
});

describe('America/New_York', () => {
  it('spring forward (2026-03-08)', () => {
    expect(starts('America/New_York', '2026-03-08', [slot('01:00-04:00')])).toEqual(['2026-03-08T06:00/07:00', '2026-03-08T07:00/08:00']);
    expect(starts('America/New_York', '2026-03-08', [slot('09:00-12:00')])).toEqual(['2026-03-08T13:00/14:00', '2026-03-08T14:00/15:00', '2026-03-08T15:00/16:00']);
  });

  it('fall back (2026-11-01)', () => {
    expect(starts('America/New_York', '2026-11-01', [slot('00:00-01:00')])).toEqual(['2026-11-01T04:00/05:00']);
    expect(starts('America/New_York', '2026-11-01', [slot('01:00-03:00')])).toEqual(['2026-11-01T05:00/06:00', '2026-11-01T06:00/07:00', '2026-11-01T07:00/08:00']);
    expect(starts('America/New_York', '2026-11-01', [slot('09:00-12:00')])).toEqual(['2026-11-01T14:00/15:00', '2026-11-01T15:00/16:00', '2026-11-01T16:00/17:00']);
  });
});

describe('Asia/Kolkata (+05:30, no DST)', () => {
  it('keeps the half-hour offset on European and American DST days', () => {
    expect(starts('Asia/Kolkata', '2026-03-29', [slot('09:00-12:00')])).toEqual(['2026-03-29T03:30/04:30', '2026-03-29T04:30/05:30', '2026-03-29T05:30/06:30']);
    expect(starts('Asia/Kolkata', '2026-11-01', [slot('01:00-02:00')])).toEqual(['2026-10-31T19:30/20:30']);
  });
});

describe('Australia/Lord_Howe (30-minute DST)', () => {
  it('fall back (2026-04-05): 01:30–01:59 happens twice', () => {
    expect(starts('Australia/Lord_Howe', '2026-04-05', [slot('01:00-03:00', 30)])).toEqual([
      '2026-04-04T14:00/14:30',
      '2026-04-04T14:30/15:00',
      '2026-04-04T15:00/15:30',
      '2026-04-04T15:30/16:00',
      '2026-04-04T16:00/16:30',
    ]);
    expect(starts('Australia/Lord_Howe', '2026-04-05', [slot('09:00-10:00')])).toEqual(['2026-04-04T22:30/23:30']);
  });

  it('spring forward (2026-10-04): 02:00–02:29 does not exist', () => {
    // 01:00 LHST, then 03:00 LHDT: 02:00 does not exist, and 02:30 is not on the window's hourly grid.
    expect(starts('Australia/Lord_Howe', '2026-10-04', [slot('01:00-04:00')])).toEqual(['2026-10-03T14:30/15:30', '2026-10-03T16:00/17:00']);
    expect(starts('Australia/Lord_Howe', '2026-10-04', [slot('02:15-03:00', 15)])).toEqual(['2026-10-03T15:30/15:45', '2026-10-03T15:45/16:00']);
    expect(starts('Australia/Lord_Howe', '2026-10-04', [slot('09:00-10:00')])).toEqual(['2026-10-03T22:00/23:00']);
  });
});

/** Slot starts as the admin's clock reads them (HH:mm), for the DST choices below. */
function localStarts(timezone: string, date: string, slots: WeeklySlot[], exceptions: AvailabilityException[] = []) {
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' });
  return starts(timezone, date, slots, exceptions).map((s) => clock.format(new Date(`${s.slice(0, 16)}:00Z`)));
}

describe('slots keep the local grid on a DST day (issue 19)', () => {
  it('a 30-minute change (Lord Howe): whole hours stay whole hours in local time', () => {
    // Spring forward 02:00 → 02:30: stepping an hour of real time gave 00:00, 01:00, 02:30, 03:30 ….
    expect(localStarts('Australia/Lord_Howe', '2026-10-04', [slot('00:00-06:00')])).toEqual(['00:00 GMT+10:30', '01:00 GMT+10:30', '03:00 GMT+11', '04:00 GMT+11', '05:00 GMT+11']);
    // Fall back 02:00 → 01:30: it gave 00:00, 01:00, 01:30, 02:30.
    expect(localStarts('Australia/Lord_Howe', '2026-04-05', [slot('00:00-04:00')])).toEqual(['00:00 GMT+11', '01:00 GMT+11', '02:00 GMT+10:30', '03:00 GMT+10:30']);
  });

  it('a slot spanning the missing hour keeps its real length; a grid start inside it is skipped, the next one kept', () => {
    // 90-minute slots from 00:00 in Paris on 2026-03-29: 01:30 CET lasts until 04:00 CEST, so
    // 03:00 is inside it; 04:30 is the next start of the grid.
    expect(localStarts('Europe/Paris', '2026-03-29', [slot('00:00-06:00', 90)])).toEqual(['00:00 GMT+1', '01:30 GMT+1', '04:30 GMT+2']);
  });

  it('time off over the repeated hour blocks both occurrences (Paris, 2026-10-25, 02:30–02:45)', () => {
    const block: AvailabilityException = { userId: 'admin', date: '2026-10-25', isAvailable: false, startTime: '02:30', endTime: '02:45' };
    // 15-minute slots 02:00–03:00: the clock reads 02:00–02:59 twice (CEST, then CET).
    expect(localStarts('Europe/Paris', '2026-10-25', [slot('02:00-03:00', 15)])).toEqual([
      '02:00 GMT+2',
      '02:15 GMT+2',
      '02:30 GMT+2',
      '02:45 GMT+2',
      '02:00 GMT+1',
      '02:15 GMT+1',
      '02:30 GMT+1',
      '02:45 GMT+1',
    ]);
    expect(localStarts('Europe/Paris', '2026-10-25', [slot('02:00-03:00', 15)], [block])).toEqual(['02:00 GMT+2', '02:15 GMT+2', '02:45 GMT+2', '02:00 GMT+1', '02:15 GMT+1', '02:45 GMT+1']);
  });

  it('time off from before the repeated hour into it blocks every instant whose clock reading is inside', () => {
    // 01:30–02:30 covers 01:30–02:29 CEST and, after the clocks go back, 02:00–02:29 CET.
    const block: AvailabilityException = { userId: 'admin', date: '2026-10-25', isAvailable: false, startTime: '01:30', endTime: '02:30' };
    expect(localStarts('Europe/Paris', '2026-10-25', [slot('01:00-04:00', 30)], [block])).toEqual(['01:00 GMT+2', '02:30 GMT+2', '02:30 GMT+1', '03:00 GMT+1', '03:30 GMT+1']);
  });
});

describe('a requester in another zone than the admin', () => {
  it('groups a Paris admin’s early slots on the previous evening in New York', () => {
    const input: AvailabilityInput = {
      from: '2026-03-30T00:00:00Z',
      to: '2026-04-02T00:00:00Z',
      now: '2026-03-01T00:00:00Z',
      minimumNoticeMinutes: 120,
      horizonDays: 90,
      admins: [{ id: 'admin', timezone: 'Europe/Paris' }],
      // Wednesday 2026-04-01, 05:00–07:00 Paris (+02:00) = 03:00Z–05:00Z = 23:00–01:00 New York (−04:00).
      slots: [slot('05:00-07:00', 60, { dayOfWeek: 3 })],
      exceptions: [],
      appointments: [],
      busy: [],
    };
    const days = groupByDay(computeAvailability(input), 'America/New_York');
    expect(days.map((d) => [d.date, d.slots.map((s) => s.startTime)])).toEqual([
      ['2026-03-31', ['2026-04-01T03:00:00.000Z']],
      ['2026-04-01', ['2026-04-01T04:00:00.000Z']],
    ]);
    expect(groupByDay(computeAvailability(input), 'Europe/Paris').map((d) => d.date)).toEqual(['2026-04-01']);
  });
});
