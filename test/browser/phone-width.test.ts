import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { dateTimeValue, launchBrowser, screenshot, seriousViolations, signInThroughPage, useOwnSeededTable, waitForIslands } from '../helpers/browser.ts';
import { registeredUser } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Every page as a person meets it on a phone (390×844, touch) and on a desktop (issue 17): the
 * page is never wider than the screen, nothing throws (hydration included), the navigation folds
 * behind "Menu", a skip link leads to the content, a tap on the calendar starts a request, and a
 * refusal reads as a sentence in the page's language.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  // A table of its own (the seed and this file only): the admin calendar shows everyone's
  // appointments, and the tap below must land on a free time whatever other files book.
  await useOwnSeededTable('phone');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
  // A title with no place to break, as people paste them: the lists must still fit the screen.
  // Tomorrow, so that it is on the list's first page; at 07:00 UTC, clear of the tap at 16:30
  // (it followed the clock before, and at 14:00 it sat under the tap).
  const [admin, client] = await Promise.all([registeredUser(stack.url, { admin: true }), registeredUser(stack.url)]);
  const start = new Date(Date.now() + 86_400_000);
  start.setUTCHours(7, 0, 0, 0);
  const created = await call(`${stack.url}/api/admin/appointments`, {
    method: 'POST',
    token: admin.idToken,
    json: { action: 'create', clientEmail: client.email, title: `Réunion-de-lancement-du-projet-${'x'.repeat(60)}`, startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

const CLIENT_PAGES = ['/dashboard/', '/dashboard/appointments/', '/dashboard/appointments/new/', '/dashboard/calendar/', '/dashboard/calendar/settings/', '/dashboard/payments/', '/dashboard/support/', '/dashboard/profile/'];
const ADMIN_PAGES = ['/admin/', '/admin/appointments/', '/admin/appointments/calendar/', '/admin/availability/', '/admin/calendar-sync/', '/admin/products/', '/admin/support/', '/admin/users/'];
const OPEN_PAGES = ['/signin/', '/signup/', '/signin/forgot/', '/privacy/'];

/** A page of its own with every uncaught error and console error it meets. */
async function newPage(options: typeof PHONE | typeof DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return { page, errors };
}

/** A page of its own, signed in as `email` and on their start page. */
async function signedInAt(options: typeof PHONE | typeof DESKTOP, email: string): Promise<Page> {
  const { page } = await newPage(options);
  await signInThroughPage(page, stack.url, email, DEMO_PASSWORD);
  await page.waitForURL(/\/(admin|dashboard)\/$/);
  // The home page's frame is in its static HTML: a tap on Menu before React has hydrated it does nothing.
  await waitForIslands(page);
  return page;
}

async function visitAll(page: Page, errors: string[], paths: string[], label: string) {
  const width = page.viewportSize()!.width;
  for (const path of paths) {
    errors.length = 0;
    await page.goto(`${stack.url}${path}`);
    // A page without islands (the privacy notice) has nothing to hydrate: no 30 s wait for one.
    if ((await page.locator('astro-island').count()) > 0) await waitForIslands(page);
    await page.locator('main, .centered').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width}px`).toBeLessThanOrEqual(width);
    expect(errors, `${path} at ${width}px`).toEqual([]);
    expect(await seriousViolations(page), `axe on ${path} at ${width}px`).toEqual([]);
    await screenshot(page, `${label}-${width}${path.replace(/\//g, '_')}`);
  }
}

describe('every page at phone and desktop width', () => {
  for (const [name, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    // One test per audience: each visits its pages with axe, well inside the test timeout.
    for (const [who, email, home, paths] of [
      ['signed out', undefined, undefined, OPEN_PAGES],
      ['as a client', 'jean.dupont@example.com', /\/dashboard\/$/, CLIENT_PAGES],
      ['as an admin', 'admin@example.com', /\/admin\/$/, ADMIN_PAGES],
    ] as const) {
      it(`${name}, ${who}: no page is wider than the screen, none throws (hydration included), axe finds nothing serious`, async () => {
        const { page, errors } = await newPage(options);
        if (email) {
          await signInThroughPage(page, stack.url, email, DEMO_PASSWORD);
          await page.waitForURL(home!);
        }
        await visitAll(page, errors, [...paths], email ? (email.startsWith('admin') ? 'admin' : 'client') : 'open');
        await page.context().close();
      });
    }
  }
});

describe('on a phone', () => {
  it('the navigation folds behind Menu, and "Aller au contenu" is the first stop of the keyboard', async () => {
    const page = await signedInAt(PHONE, 'jean.dupont@example.com');
    const menu = page.getByRole('button', { name: 'Menu' });
    const payments = page.getByRole('link', { name: 'Paiements' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await payments.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await payments.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'client-menu-open-390');
    await payments.click();
    await page.waitForURL(/\/dashboard\/payments\/$/);

    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    await skip.waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#content');
    await page.context().close();
  });

  it('a tap on a free time of the day view opens the request dialog at that time', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const page = await signedInAt(PHONE, admin.email);
    await page.goto(`${stack.url}/admin/appointments/calendar/`);
    // A phone opens on one day.
    expect(await page.getByRole('button', { name: 'Day', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Next', exact: true }).tap();
    const column = page.locator('.rbc-day-slot').first();
    await column.waitFor();
    const sixteen = page.locator('.rbc-time-gutter .rbc-timeslot-group').nth(16);
    await sixteen.scrollIntoViewIfNeeded();
    const row = (await sixteen.boundingBox())!;
    const box = (await column.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, row.y + row.height * 0.75);
    const dialog = page.getByRole('dialog', { name: 'Request Appointment with Client' });
    await dialog.waitFor();
    // The second half-hour of the 16:00 row: 16:30 tomorrow.
    const start = await dateTimeValue(dialog, 'Start');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    expect(start).toBe(`${day}T16:30`);
    await screenshot(page, 'admin-tap-request-390');
    await page.context().close();
  });

  it('a refused request reads in French beside the field, without the API’s words', async () => {
    const page = await signedInAt(PHONE, 'jean.dupont@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/new/?start=${encodeURIComponent('2020-01-06T09:00:00.000Z')}`);
    await waitForIslands(page);
    // The zone starts as the viewer's own, even one Intl does not list (headless Chromium's UTC).
    expect(await page.getByLabel('Fuseau horaire').inputValue()).toBe(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
    await page.getByLabel('Objet *').fill('Trop tard');
    await page.getByRole('button', { name: /Envoyer/ }).click();
    const main = page.locator('main');
    await page.getByText('Le début doit être dans le futur.').waitFor();
    expect(await main.textContent()).not.toMatch(/body\.|Invalid|must be/);
    await screenshot(page, 'client-new-request-past-390');
    await page.context().close();
  });
});

describe('by keyboard alone', () => {
  it("a row's Actions menu follows the ARIA menu pattern: arrows, Home, End, Escape back to its button", async () => {
    const page = await signedInAt(DESKTOP, 'admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/`);
    // A pending one: its menu has View details, Edit…, then its actions.
    const row = page.locator('tbody tr').filter({ has: page.locator('.badge-pending') }).first();
    const button = row.getByRole('button', { name: /^Actions for / });
    await button.focus();
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('View details');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Edit…');
    await page.keyboard.press('End');
    const last = await focused();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('View details');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(last);
    await page.keyboard.press('Home');
    expect(await focused()).toBe('View details');
    await page.keyboard.press('Escape');
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await page.context().close();
  });
});

describe('one language per audience', () => {
  it("an admin's calendar sync is in English, and the provider's return to the client page carries on there", async () => {
    const page = await signedInAt(DESKTOP, 'admin@example.com');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Calendar settings' }).click();
    await page.waitForURL(/\/admin\/calendar-sync\/$/);
    await page.getByRole('heading', { level: 1, name: 'Calendar settings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Where Google sends everyone back after consent: an admin lands on the English page, with the outcome.
    await page.goto(`${stack.url}/dashboard/calendar/settings/?connected=google`);
    await page.waitForURL(/\/admin\/calendar-sync\//);
    await page.getByText('Google Calendar is connected. Your appointments will be added to it automatically.').waitFor();
    await page.context().close();
  });
});
