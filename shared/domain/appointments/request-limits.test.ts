import { describe, expect, it } from 'vitest';
import { outsideBookingWindow, tooManyOpenRequests } from './request-limits.ts';

const now = '2026-12-03T10:00:00.000Z';
const window = { minimumNoticeMinutes: 120, horizonDays: 90 };
const after = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();

describe('a free-form request inside the booking window', () => {
  it('starts at least the minimum notice from now', () => {
    expect(outsideBookingWindow(after(119), now, window)).toBe('must be at least 2 hours from now');
    expect(outsideBookingWindow(after(120), now, window)).toBeUndefined();
    expect(outsideBookingWindow(after(29), now, { ...window, minimumNoticeMinutes: 30 })).toBe('must be at least 30 minutes from now');
    expect(outsideBookingWindow(after(59), now, { ...window, minimumNoticeMinutes: 60 })).toBe('must be at least 1 hour from now');
  });

  it('starts within the horizon (year 9999 is not a request)', () => {
    expect(outsideBookingWindow(after(90 * 1440), now, window)).toBeUndefined();
    expect(outsideBookingWindow(after(90 * 1440 + 1), now, window)).toBe('must be within 90 days from now');
    expect(outsideBookingWindow('9999-01-01T09:00:00.000Z', now, window)).toBe('must be within 90 days from now');
  });
});

it('says how many requests may wait at once', () => {
  expect(tooManyOpenRequests(5)).toBe('You already have 5 requests waiting for the team: wait for an answer, or cancel one, before asking for another');
});
