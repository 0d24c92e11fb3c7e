import { describe, expect, it } from 'vitest';
import { teamSchedule } from './team-schedule.ts';
import type { WeeklySlot } from './types.ts';

const slot = (fields: Partial<WeeklySlot>): WeeklySlot => ({
  id: 's',
  userId: 'alice',
  dayOfWeek: 1,
  startTime: '09:00',
  endTime: '12:00',
  duration: 30,
  bufferBefore: 0,
  bufferAfter: 0,
  maxAppointments: 1,
  isActive: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const span = (startTime: string, endTime: string) => ({ startTime, endTime });

describe('the team schedule behind the admin calendar', () => {
  // The week of 2026-10-19 (CEST, UTC+2) and the Monday after summer time ends (2026-10-26, CET, UTC+1).
  const input = {
    from: '2026-10-19T00:00:00.000Z',
    to: '2026-10-27T00:00:00.000Z',
    admins: [
      { id: 'alice', timezone: 'Europe/Paris' },
      { id: 'bob', timezone: 'America/New_York' },
    ],
    slots: [
      slot({ id: 'morning' }),
      // Overlapping windows (two products) are one working span.
      slot({ id: 'product', startTime: '11:00', endTime: '13:00', productId: 'p' }),
      slot({ id: 'off', dayOfWeek: 3, isActive: false }),
      slot({ id: 'bob', userId: 'bob', dayOfWeek: 2, startTime: '08:00', endTime: '10:00' }),
    ],
    exceptions: [
      { userId: 'alice', date: '2026-10-19', isAvailable: false, startTime: '10:00', endTime: '11:00' },
      { userId: 'alice', date: '2026-10-24', isAvailable: true, startTime: '10:00', endTime: '12:00' },
    ],
    busy: [
      { ownerId: 'alice', startTime: '2026-10-20T07:00:00.000Z', endTime: '2026-10-20T08:00:00.000Z' },
      { ownerId: 'carol', startTime: '2026-10-20T07:00:00.000Z', endTime: '2026-10-20T08:00:00.000Z' },
    ],
  };

  it('gives each admin their working time less their time off, in their own zone, across the change of time', () => {
    const [alice, bob] = teamSchedule(input);
    expect(alice!.working).toEqual([
      // Monday 19 (UTC+2): 09:00–13:00 with 10:00–11:00 off.
      span('2026-10-19T07:00:00.000Z', '2026-10-19T08:00:00.000Z'),
      span('2026-10-19T09:00:00.000Z', '2026-10-19T11:00:00.000Z'),
      // Saturday 24: the extra window.
      span('2026-10-24T08:00:00.000Z', '2026-10-24T10:00:00.000Z'),
      // Monday 26 (UTC+1): the same wall-clock hours, an hour later in UTC.
      span('2026-10-26T08:00:00.000Z', '2026-10-26T12:00:00.000Z'),
    ]);
    expect(alice!.timeOff).toEqual([span('2026-10-19T08:00:00.000Z', '2026-10-19T09:00:00.000Z')]);
    expect(alice!.busy).toEqual([span('2026-10-20T07:00:00.000Z', '2026-10-20T08:00:00.000Z')]);
    expect(bob).toEqual({ adminId: 'bob', working: [span('2026-10-20T12:00:00.000Z', '2026-10-20T14:00:00.000Z')], timeOff: [], busy: [] });
  });

  it('clips everything to the range asked', () => {
    const [alice] = teamSchedule({ ...input, from: '2026-10-19T08:30:00.000Z', to: '2026-10-19T09:30:00.000Z' });
    expect(alice).toEqual({
      adminId: 'alice',
      working: [span('2026-10-19T09:00:00.000Z', '2026-10-19T09:30:00.000Z')],
      timeOff: [span('2026-10-19T08:30:00.000Z', '2026-10-19T09:00:00.000Z')],
      busy: [],
    });
  });
});
