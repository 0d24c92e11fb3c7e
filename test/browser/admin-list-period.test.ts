import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { demoTokens } from '../helpers/fixtures.ts';
import { launchBrowser, screenshot, seriousViolations, signInThroughPage, useOwnSeededTable } from '../helpers/browser.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The admin list's period controls: From / To days (in the viewer's time zone) that narrow the
 * list and the CSV export, checked inline; and the statistics panel, which names its month and
 * changes month independently of the list.
 *
 * The browser runs in New York (neither UTC nor the business's Europe/Paris), so "a day" must
 * be the viewer's day. The appointments sit three months ahead, clear of the seed (this month
 * and the next), on this file's own seeded table.
 */
const VIEWER_ZONE = 'America/New_York';

let stack: TestStack;
let browser: Browser;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
/** The current month as the API counts it, and the month of this file's appointments. */
let current: string;
let target: string;

const suffix = randomUUID().slice(0, 6);
/** Title → [day, hour, minute, minutes] in the viewer's zone, in the target month. */
const PLAN = {
  A: [10, 10, 0, 60],
  /** Ends exactly at midnight between the 11th and the 12th: not part of a range starting on the 12th. */
  F: [11, 23, 0, 60],
  B: [12, 14, 0, 60],
  /** Across midnight between the 13th and the 14th: part of both days. */
  C: [13, 23, 30, 60],
  /** Starts exactly at midnight between the 14th and the 15th: not part of a range ending on the 14th. */
  G: [15, 0, 0, 60],
  D: [20, 9, 0, 60],
} as const;
type Key = keyof typeof PLAN;
const title = (key: Key) => `Period ${key} ${suffix}`;
const ids = {} as Record<Key, string>;

function shiftMonth(month: string, delta: number) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + m - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
/** `YYYY-MM-DD` of a day of the target month. */
const day = (d: number) => `${target}-${String(d).padStart(2, '0')}`;
/** The instant a wall-clock time of the target month is in the viewer's zone. */
function viewerTime(d: number, hour = 0, minute = 0) {
  const [y, m] = target.split('-').map(Number) as [number, number];
  // TZDate's own toISOString keeps the zone's offset; the API speaks UTC (Z).
  return new Date(+new TZDate(y, m - 1, d, hour, minute, VIEWER_ZONE)).toISOString();
}

async function statsFor(month?: string) {
  const answer = await call(`${stack.url}/api/admin/appointments`, { method: 'POST', token: tokens.admin, json: { action: 'stats', ...(month ? { month } : {}) } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.data as Record<string, number> & { month: string };
}

beforeAll(async () => {
  await useOwnSeededTable('list-period');
  [stack, browser, tokens] = await Promise.all([startTestStack({ site: true }), launchBrowser(), demoTokens()]);
  current = (await statsFor()).month;
  target = shiftMonth(current, 3);
  for (const key of Object.keys(PLAN) as Key[]) {
    const [d, hour, minute, minutes] = PLAN[key];
    const startTime = viewerTime(d, hour, minute);
    const created = await call(`${stack.url}/api/admin/appointments`, {
      method: 'POST',
      token: tokens.admin,
      json: {
        action: 'create',
        clientEmail: 'client@example.com',
        title: title(key),
        startTime,
        endTime: new Date(Date.parse(startTime) + minutes * 60_000).toISOString(),
        timezone: VIEWER_ZONE,
        ...(key === 'D' ? { type: 'paid', price: 12_000, currency: 'EUR' } : {}),
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[key] = created.body.data.id;
    // B confirmed and A cancelled: the month's figures are not all "pending".
    const change = key === 'B' ? { status: 'confirmed' } : key === 'A' ? { status: 'cancelled', cancellationReason: 'Test' } : undefined;
    if (change) {
      const updated = await call(`${stack.url}/api/appointments/${ids[key]}`, {
        method: 'PUT',
        token: tokens.admin,
        json: { ...change, version: created.body.data.version, overrideAvailability: true },
      });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    }
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface Seen {
  method: string;
  path: string;
  params: URLSearchParams;
  body?: unknown;
}

/** The admin signed in, in New York, on the list; with every /api/admin/appointments* request it sends. */
async function adminList(): Promise<{ page: Page; seen: Seen[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, timezoneId: VIEWER_ZONE, locale: 'en-GB' });
  await signInThroughPage(page, stack.url, 'admin@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/admin\/$/);
  const seen: Seen[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/admin/appointments')) return;
    seen.push({ method: request.method(), path: url.pathname, params: url.searchParams, body: request.postDataJSON() ?? undefined });
  });
  await page.goto(`${stack.url}/admin/appointments/`);
  await page.getByRole('table').waitFor();
  return { page, seen };
}

const listRequests = (seen: Seen[]) => seen.filter((s) => s.method === 'GET' && s.path === '/api/admin/appointments');
const exportRequests = (seen: Seen[]) => seen.filter((s) => s.path === '/api/admin/appointments/export');
const shownTitles = async (page: Page) => (await page.locator('tbody tr td:nth-child(2)').allTextContents()).sort();
const titles = (...keys: Key[]) => keys.map(title).sort();

describe('the list’s From / To dates', () => {
  it('narrow the list to the appointments overlapping those days of the viewer’s time zone; Clear brings everything back', async () => {
    const { page, seen } = await adminList();
    const from = page.getByLabel('From', { exact: true });
    const to = page.getByLabel('To', { exact: true });
    // Typed as YYYY-MM-DD whatever the browser's locale (a native date input showed mm/dd/yyyy in en-US).
    for (const field of [from, to]) {
      const note = (await field.getAttribute('aria-describedby'))!.split(' ')[0];
      expect(await page.locator(`#${note}`).textContent()).toBe('YYYY-MM-DD');
    }
    // Nothing to clear yet.
    expect(await page.getByRole('button', { name: 'Clear dates' }).count()).toBe(0);

    // The 12th and the 13th: B, and C which runs past midnight; not F, which ends at 00:00 on the 12th.
    await from.fill(day(12));
    await to.fill(day(13));
    await expect.poll(() => shownTitles(page)).toEqual(titles('B', 'C'));
    // From = the start of that day, To = the end of that day (the start of the next), in New York.
    const last = listRequests(seen).at(-1)!;
    expect(last.params.get('startDate')).toBe(viewerTime(12));
    expect(last.params.get('endDate')).toBe(viewerTime(14));
    expect(await page.getByText(/Appointments overlapping .* America\/New_York time/).count()).toBe(1);
    await screenshot(page, 'admin-list-period-range');
    expect(await seriousViolations(page)).toEqual([]);

    // One day, the 14th: only C (its last half hour); G starts at 00:00 on the 15th, outside.
    await from.fill(day(14));
    await to.fill(day(14));
    await expect.poll(() => shownTitles(page)).toEqual(titles('C'));

    // From alone: everything that ends after the 15th starts (G at 00:00, D on the 20th).
    await to.fill('');
    await from.fill(day(15));
    await expect.poll(() => shownTitles(page)).toEqual(titles('G', 'D'));
    expect(listRequests(seen).at(-1)!.params.has('endDate')).toBe(false);

    // To alone: everything that starts before the 11th ends (seed rows and A).
    await from.fill('');
    await to.fill(day(10));
    await expect.poll(async () => (await shownTitles(page)).filter((t) => t.endsWith(suffix))).toEqual(titles('A'));

    // Clear: both fields empty, the focus on From, every appointment listed again.
    await page.getByRole('button', { name: 'Clear dates' }).click();
    expect(await from.inputValue()).toBe('');
    expect(await to.inputValue()).toBe('');
    expect(await from.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(async () => (await shownTitles(page)).filter((t) => t.endsWith(suffix))).toEqual(titles('A', 'B', 'C', 'D', 'F', 'G'));
    const cleared = listRequests(seen).at(-1)!;
    expect(cleared.params.has('startDate') || cleared.params.has('endDate')).toBe(false);
    await page.close();
  });

  it('narrow the CSV export the same way (the downloaded file holds only those rows)', async () => {
    const { page, seen } = await adminList();
    await page.getByLabel('From', { exact: true }).fill(day(12));
    await page.getByLabel('To', { exact: true }).fill(day(13));
    await expect.poll(() => shownTitles(page)).toEqual(titles('B', 'C'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`appointments-${day(12)}-to-${day(13)}.csv`);
    const request = exportRequests(seen).at(-1)!;
    expect(request.params.get('startDate')).toBe(viewerTime(12));
    expect(request.params.get('endDate')).toBe(viewerTime(14));
    const chunks = (await (await download.createReadStream()).toArray()) as Buffer[];
    const [header, ...rows] = parseCsv(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, ''));
    const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]])));
    expect(records.map((r) => r.title).sort()).toEqual(titles('B', 'C'));
    expect(records.map((r) => r.id).sort()).toEqual([ids.B, ids.C].sort());
    // Every row overlaps [start of the 12th, end of the 13th) in New York.
    for (const r of records) {
      expect(Date.parse(r.startTime!)).toBeLessThan(Date.parse(viewerTime(14)));
      expect(Date.parse(r.endTime!)).toBeGreaterThan(Date.parse(viewerTime(12)));
    }
    expect(await page.getByRole('alert').filter({ hasText: 'The export failed' }).count()).toBe(0);
    await page.close();
  });

  it('From after To: said beside the fields, and neither the list nor the export is requested', async () => {
    const { page, seen } = await adminList();
    const from = page.getByLabel('From', { exact: true });
    const to = page.getByLabel('To', { exact: true });
    await from.fill(day(20));
    await expect.poll(() => shownTitles(page)).toEqual(titles('D'));
    const before = seen.length;

    await to.fill(day(12));
    const error = page.getByRole('alert').filter({ hasText: '“To” must be the same day as “From” or a later one.' });
    await error.waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect((await to.getAttribute('aria-describedby'))!.split(' ')).toContain('to-error');
    expect(await page.locator('#to-error').textContent()).toContain('“To” must be');
    // Longer than the list's 250 ms debounce: still no request; the list is left as it was.
    await page.waitForTimeout(1000);
    expect(seen.slice(before)).toEqual([]);
    expect(await shownTitles(page)).toEqual(titles('D'));

    // Export: nothing sent, the focus goes to the field in error.
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.waitForTimeout(500);
    expect(exportRequests(seen)).toEqual([]);
    expect(seen.slice(before)).toEqual([]);
    expect(await to.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'admin-list-period-invalid');
    expect(await seriousViolations(page)).toEqual([]);

    // Fixed: the message goes, the list is asked again.
    await to.fill(day(25));
    await expect.poll(() => error.count()).toBe(0);
    expect(await to.getAttribute('aria-invalid')).toBe('false');
    await expect.poll(() => listRequests(seen.slice(before)).length).toBeGreaterThan(0);
    expect(listRequests(seen).at(-1)!.params.get('endDate')).toBe(viewerTime(26));
    await expect.poll(() => shownTitles(page)).toEqual(titles('D'));
    await page.close();
  });
});

describe('the statistics panel', () => {
  const eur = (cents: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const cardsOf = (s: Record<string, number>) => ({
    Total: String(s.total),
    Pending: String(s.pending),
    Confirmed: String(s.confirmed),
    Completed: String(s.completed),
    'Cancelled / no-show': `${s.cancelled} / ${s.noShow}`,
    Revenue: `${eur(s.totalRevenue!)} · ${s.paidAppointments} paid`,
    Unpaid: `${eur(s.unpaidAmount!)} · ${s.unpaidAppointments} to collect`,
  });
  async function shownCards(page: Page) {
    const panel = page.getByRole('region', { name: /^Statistics for/ });
    const labels = await panel.locator('dt').allTextContents();
    const values = await panel.locator('dd').allTextContents();
    return Object.fromEntries(labels.map((label, i) => [label, values[i]]));
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 2, name: /^Statistics for/ });

  it('names its month, changes month with its buttons (the API’s figures for that month), and ignores the list’s filters', async () => {
    // This file's month, as the API counts it: the six appointments, B confirmed, A cancelled, D paid and unpaid.
    const targetStats = await statsFor(target);
    expect(targetStats).toMatchObject({ month: target, total: 6, pending: 4, confirmed: 1, cancelled: 1, unpaidAppointments: 1, unpaidAmount: 12_000 });

    const { page, seen } = await adminList();
    const stats = () => seen.filter((s) => s.method === 'POST');
    await expect.poll(() => heading(page).textContent()).toBe(`Statistics for ${monthName(current)} (this month)`);
    await expect.poll(() => shownCards(page)).toEqual(cardsOf(await statsFor(current)));
    // The region is named by its heading (what a screen reader announces when entering it).
    expect(await page.getByRole('region', { name: `Statistics for ${monthName(current)} (this month)` }).count()).toBe(1);
    expect(await page.getByText(`Every appointment starting in ${monthName(current)}, whatever the search, filters and dates of the list below.`).count()).toBe(1);

    // Three months ahead: this file's appointments.
    const next = page.getByRole('button', { name: 'Next month' });
    for (let i = 1; i <= 3; i++) {
      await next.click();
      await expect.poll(() => heading(page).textContent()).toBe(`Statistics for ${monthName(shiftMonth(current, i))}`);
    }
    await expect.poll(() => shownCards(page)).toEqual(cardsOf(targetStats));
    expect((await shownCards(page)).Total).toBe('6');
    expect(stats().at(-1)!.body).toEqual({ action: 'stats', month: target });
    await screenshot(page, 'admin-list-period-stats-month');
    expect(await seriousViolations(page)).toEqual([]);

    // The list's filters leave the panel alone: a search that keeps one row, the figures stay the month's.
    const statsCalls = stats().length;
    await page.getByRole('search').getByRole('searchbox').fill(`Period B ${suffix}`);
    await expect.poll(() => shownTitles(page)).toEqual(titles('B'));
    expect(stats().length).toBe(statsCalls);
    expect((await shownCards(page)).Total).toBe('6');
    await screenshot(page, 'admin-list-period-stats-vs-filter');

    // Back one month, then "This month".
    await page.getByRole('button', { name: 'Previous month' }).click();
    await expect.poll(() => heading(page).textContent()).toBe(`Statistics for ${monthName(shiftMonth(target, -1))}`);
    await expect.poll(() => shownCards(page)).toEqual(cardsOf(await statsFor(shiftMonth(target, -1))));
    await page.getByRole('button', { name: 'This month' }).click();
    await expect.poll(() => heading(page).textContent()).toBe(`Statistics for ${monthName(current)} (this month)`);
    await expect.poll(() => shownCards(page)).toEqual(cardsOf(await statsFor(current)));
    expect(await page.getByRole('button', { name: 'This month' }).getAttribute('aria-disabled')).toBe('true');
    await page.close();
  });

  it('says when the statistics cannot be loaded, and loads them again on request', async () => {
    const { page } = await adminList();
    await heading(page).waitFor();
    await expect.poll(() => page.locator('dt').count()).toBe(7);
    let refuse = true;
    await page.route('**/api/admin/appointments', (route) =>
      route.request().method() === 'POST' && refuse
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ success: false, error: 'Service unavailable' }) })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Next month' }).click();
    const nextName = monthName(shiftMonth(current, 1));
    const alert = page.getByRole('alert').filter({ hasText: `The statistics for ${nextName} could not be loaded: Service unavailable` });
    await alert.waitFor();
    // No figures of another month under this month's heading.
    expect(await page.locator('dt').count()).toBe(0);
    await screenshot(page, 'admin-list-period-stats-error');
    expect(await seriousViolations(page)).toEqual([]);
    refuse = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => shownCards(page)).toEqual(cardsOf(await statsFor(shiftMonth(current, 1))));
    expect(await alert.count()).toBe(0);
    await page.close();
  });
});

/** RFC 4180, enough for the export (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (quoted || c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
