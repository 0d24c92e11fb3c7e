import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, signInThroughPage, useOwnSeededTable } from '../helpers/browser.ts';
import { wallClock } from '../helpers/fixtures.ts';
import { call, createTestUser, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The admin calendar's week at 1280 px (issue 17): an event's text is whole lines, each cut with
 * an ellipsis when too long, and a line with no room left is not drawn rather than cut in half
 * (the title used to wrap onto a second line and push the client half out of a one-hour event).
 * The tooltip and the accessible name keep everything.
 */
let stack: TestStack;
let browser: Browser;
const ZONE = 'Europe/Paris';
const TITLE = 'Consultation approfondie du dossier de financement';
const CLIENT = 'Marie-Christine Vandenberghe-Lefebvre';
const SHORT_TITLE = 'Bilan';

beforeAll(async () => {
  await useOwnSeededTable('event-text');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
  const [admin, client] = await Promise.all([createTestUser({ admin: true }), createTestUser()]);
  await call(`${stack.url}/api/me`, { token: admin.idToken });
  await call(`${stack.url}/api/me`, { token: client.idToken });
  const named = await call(`${stack.url}/api/me`, { method: 'PUT', token: client.idToken, json: { firstName: 'Marie-Christine', lastName: 'Vandenberghe-Lefebvre' } });
  expect(named.status).toBe(200);
  // Today in Paris, in the afternoon: 30, 60 and 15 minutes long, side by side with nothing.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  for (const [start, end, title] of [
    ['18:00', '18:30', TITLE],
    ['19:00', '20:00', TITLE],
    ['20:30', '20:45', TITLE],
    ['21:00', '21:30', SHORT_TITLE],
  ]) {
    const created = await call(`${stack.url}/api/admin/appointments`, {
      method: 'POST',
      token: admin.idToken,
      json: { action: 'create', clientEmail: client.email, title, startTime: wallClock(today!, start!, ZONE), endTime: wallClock(today!, end!, ZONE) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function adminWeek(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE })).newPage();
  await signInThroughPage(page, stack.url, 'admin@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/admin\/$/);
  await page.goto(`${stack.url}/admin/appointments/calendar/`);
  await page.locator('.rbc-time-view').waitFor();
  return page;
}

describe('the admin calendar week at 1280 px', () => {
  it('draws each event’s text as whole lines cut with an ellipsis, never half a line, and names the event in full', async () => {
    const page = await adminWeek();
    const events = page.locator('.rbc-day-slot .rbc-event').filter({ hasText: CLIENT });
    await expect.poll(() => events.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const event = events.nth(i);
      await event.scrollIntoViewIfNeeded();
      // Measured against the box that clips the text (the event's content, under its label).
      const lines = await event.evaluate((el) => {
        const box = el.querySelector('.rbc-event-content')!.getBoundingClientRect();
        return [...el.querySelectorAll<HTMLElement>('.event-line')].map((line) => {
          const r = line.getBoundingClientRect();
          return {
            text: line.textContent,
            shown: r.left < box.right - 1,
            whole: r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
            lines: Math.round(r.height / parseFloat(getComputedStyle(line).lineHeight)),
            title: line.classList.contains('event-title-line'),
          };
        });
      });
      const minutes = await event.evaluate((el) => el.getBoundingClientRect().height);
      // The title always shows, on two lines at most; the client on one; what shows is whole.
      expect(lines[0]!.shown, `event ${i}`).toBe(true);
      for (const line of lines.filter((l) => l.shown)) {
        expect(line.whole, `${line.text} in a ${minutes}px event`).toBe(true);
        expect(line.lines, `${line.text} in a ${minutes}px event`).toBeLessThanOrEqual(line.title ? 2 : 1);
      }
      // The tooltip and the text read aloud have the title, the client and the status.
      const title = i === 3 ? SHORT_TITLE : TITLE;
      expect(await event.getAttribute('title')).toContain(title);
      expect(await event.getAttribute('title')).toContain(CLIENT);
      const spoken = (await event.textContent())!;
      expect(spoken).toContain(title);
      expect(spoken).toContain(CLIENT);
    }
    // The hour has room for the two lines of the long title and the client; the half-hour for the title
    // (two lines), or a one-line title and the client; the quarter-hour for one line of the title.
    const shownLines = (i: number) =>
      events.nth(i).evaluate((el) => [...el.querySelectorAll('.event-line')].filter((l) => l.getBoundingClientRect().left < el.querySelector('.rbc-event-content')!.getBoundingClientRect().right - 1).length);
    await events.nth(0).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-calendar-event-text-1280');
    const heights = await events.evaluateAll((all) => all.map((el) => Math.round(el.getBoundingClientRect().height)));
    expect([await shownLines(0), await shownLines(1), await shownLines(2), await shownLines(3)], `events ${heights.join(', ')} px tall`).toEqual([1, 2, 1, 2]);
    await page.context().close();
  });
});
