import { describe, expect, it } from 'vitest';
import { reminderWindows } from './reminder-windows.ts';

const now = new Date('2026-10-24T08:00:00.000Z');

describe('reminder windows', () => {
  it('covers, for each offset, the starts whose reminder time passed within the window', () => {
    expect(reminderWindows(now, [60, 1440], 30)).toEqual([
      { offsetMinutes: 1440, from: '2026-10-25T07:30:00.000Z', to: '2026-10-25T08:00:00.000Z' },
      { offsetMinutes: 60, from: '2026-10-24T08:30:00.000Z', to: '2026-10-24T09:00:00.000Z' },
    ]);
  });

  it('never overlaps the next shorter offset, nor reaches past the start', () => {
    const [ninety, sixty, ten] = reminderWindows(now, [90, 60, 10], 120);
    expect(ninety).toMatchObject({ from: '2026-10-24T09:00:00.000Z', to: '2026-10-24T09:30:00.000Z' });
    expect(sixty).toMatchObject({ from: '2026-10-24T08:10:00.000Z', to: '2026-10-24T09:00:00.000Z' });
    expect(ten).toMatchObject({ from: '2026-10-24T08:00:00.000Z', to: '2026-10-24T08:10:00.000Z' });
  });

  it('ignores duplicate and non-positive offsets', () => {
    expect(reminderWindows(now, [60, 60, 0, -5], 15).map((w) => w.offsetMinutes)).toEqual([60]);
  });
});
