import { describe, expect, it } from 'vitest';
import { formatDateEntry, parseDateEntry, parseTimeEntry, shiftTime } from '../../site/src/lib/date-entry.ts';

describe('dates as typed', () => {
  it('French pages read day/month/year, whatever separator, and only real dates', () => {
    expect(parseDateEntry('03/12/2026', 'fr')).toBe('2026-12-03');
    expect(parseDateEntry(' 3/12/2026 ', 'fr')).toBe('2026-12-03');
    expect(parseDateEntry('03-12-2026', 'fr')).toBe('2026-12-03');
    expect(parseDateEntry('03.12.2026', 'fr')).toBe('2026-12-03');
    expect(parseDateEntry('29/02/2028', 'fr')).toBe('2028-02-29');
    for (const wrong of ['31/02/2026', '12/31/2026', '2026-12-03', '03/12/26', '', 'demain', '00/12/2026']) expect(parseDateEntry(wrong, 'fr'), wrong).toBeUndefined();
  });

  it('English admin pages read YYYY-MM-DD, never a month-first date', () => {
    expect(parseDateEntry('2026-12-03', 'en')).toBe('2026-12-03');
    expect(parseDateEntry('2026/1/5', 'en')).toBe('2026-01-05');
    for (const wrong of ['12/03/2026', '03/12/2026', '2026-02-30', '20266-01-01', '1899-12-31']) expect(parseDateEntry(wrong, 'en'), wrong).toBeUndefined();
  });

  it('shows a date the way it is read back', () => {
    expect(formatDateEntry('2026-12-03', 'fr')).toBe('03/12/2026');
    expect(formatDateEntry('2026-12-03', 'en')).toBe('2026-12-03');
    expect(parseDateEntry(formatDateEntry('2027-01-09', 'fr'), 'fr')).toBe('2027-01-09');
  });
});

describe('times as typed', () => {
  it('reads 24-hour times however they are written, never AM/PM', () => {
    expect(parseTimeEntry('14:30')).toBe('14:30');
    expect(parseTimeEntry('9:05')).toBe('09:05');
    expect(parseTimeEntry('14h30')).toBe('14:30');
    expect(parseTimeEntry('14H')).toBe('14:00');
    expect(parseTimeEntry('14.30')).toBe('14:30');
    expect(parseTimeEntry('1430')).toBe('14:30');
    expect(parseTimeEntry('930')).toBe('09:30');
    expect(parseTimeEntry('9')).toBe('09:00');
    expect(parseTimeEntry('00:00')).toBe('00:00');
    for (const wrong of ['24:00', '9:75', '2:30 PM', '14:3', 'midi', '', '12345']) expect(parseTimeEntry(wrong), wrong).toBeUndefined();
  });

  it('steps a time by minutes round midnight', () => {
    expect(shiftTime('09:00', 15)).toBe('09:15');
    expect(shiftTime('23:50', 15)).toBe('00:05');
    expect(shiftTime('00:05', -15)).toBe('23:50');
  });
});

describe('the site’s forms', () => {
  it('use no native date or time input (they follow the browser’s locale, not the page’s)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.join(import.meta.dirname, '../../site/src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => /\.(tsx|astro)$/.test(file));
    expect(files.length).toBeGreaterThan(20);
    const native = files.filter((file) => /type=["'{]+(date|time|datetime-local)["'}]/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(native).toEqual([]);
  });
});
