import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { addDays, addMonths, dateIn, monthOf, monthSpan, weekEnd, weekStart } from '../../site/src/lib/month-grid.ts';
import { launchBrowser, screenshot, seriousViolations, signInThroughPage, skippedHeadingLevels, useOwnSeededTable } from '../helpers/browser.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The month-grid slot picker as a client meets it on the request page (issue 17): the days with a
 * free time are the ones the API offers, the first is chosen on arrival, the keyboard walks the
 * grid, the times listed are the chosen day's, a booking takes the time picked, and the grid
 * fits a phone. The seed's team works Monday to Friday in Europe/Paris; a date the admin blocks
 * must show as a day without a free time.
 */
const ZONE = 'Europe/Paris';
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, timezoneId: ZONE, locale: 'fr-FR' };
const DESKTOP = { viewport: { width: 1280, height: 900 }, timezoneId: ZONE, locale: 'fr-FR' };

let stack: TestStack;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  await useOwnSeededTable('slot-picker');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
  admin = await idTokenFor('admin@example.com');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function createProduct(name: string): Promise<string> {
  const created = await call(`${stack.url}/api/admin/products`, { method: 'POST', token: admin, json: { name, durationMinutes: 60, price: 0 } });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

/** The dates (in Paris) with a free time over the next 62 days, and each one's starts, as the API offers them. */
async function offeredDays(productId: string): Promise<Map<string, string[]>> {
  const query = new URLSearchParams({ productId, from: new Date().toISOString(), to: new Date(Date.now() + 62 * 86_400_000).toISOString(), timezone: ZONE });
  const answer = await call(`${stack.url}/api/availability?${query}`);
  expect(answer.status).toBe(200);
  const days = answer.body.data.days as Array<{ date: string; slots: Array<{ startTime: string }> }>;
  return new Map(days.filter((d) => d.slots.length > 0).map((d) => [d.date, [...new Set(d.slots.map((s) => s.startTime))]]));
}

async function clientPage(options: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await signInThroughPage(page, stack.url, 'jean.dupont@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/dashboard\/$/);
  await page.goto(`${stack.url}/dashboard/appointments/new/`);
  return page;
}

async function chooseProduct(page: Page, name: string) {
  const products = page.getByLabel('Type de rendez-vous');
  const option = products.locator('option', { hasText: name });
  await option.waitFor({ state: 'attached' });
  await products.selectOption({ label: (await option.textContent())! });
}

const dayButton = (page: Page, date: string) => page.locator(`table[role="grid"] button[data-date="${date}"]`);
const focusedDate = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-date'));
const gridSettled = (page: Page) => page.locator('table[role="grid"][aria-busy="false"]').waitFor();
const paris = (iso: string) => new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(new Date(iso));

describe('the month-grid slot picker', () => {
  it('on a phone: marks the offered days, walks by keyboard, lists the chosen day’s times and books the one picked', async () => {
    const productId = await createProduct(`Bilan mensuel ${Date.now()}`);
    const before = [...(await offeredDays(productId)).keys()];
    // The second offered day becomes a day off: the grid must show it without a free time.
    const blocked = before[1]!;
    const exception = await call(`${stack.url}/api/admin/availability/exceptions`, { method: 'POST', token: admin, json: { date: blocked, isAvailable: false, reason: 'Formation' } });
    expect(exception.status).toBe(201);
    const offered = await offeredDays(productId);
    expect(offered.has(blocked)).toBe(false);
    const [first, second] = [...offered.keys()] as [string, string];

    const page = await clientPage(PHONE);
    await chooseProduct(page, 'Bilan mensuel');
    const picker = page.getByRole('group', { name: 'Créneaux disponibles' });
    await gridSettled(page);

    // The month of the first offered day, named in French, and that day chosen on arrival.
    const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${first}T00:00:00Z`));
    expect((await picker.getByRole('heading', { level: 2 }).first().textContent())?.toLowerCase()).toBe(monthName);
    expect(await page.getByRole('grid', { name: new RegExp(`^${monthName}$`, 'i') }).count()).toBe(1);
    expect(await dayButton(page, first).getAttribute('class')).toContain('selected');

    // Every day of the month shown is enabled exactly when the API offers it, and says so.
    const buttons = page.locator('table[role="grid"] button[data-date]');
    const shown = await buttons.evaluateAll((all) => all.map((b) => ({ date: b.getAttribute('data-date')!, disabled: b.getAttribute('aria-disabled'), label: b.getAttribute('aria-label')! })));
    expect(shown.length).toBeGreaterThanOrEqual(28);
    for (const day of shown) {
      const count = offered.get(day.date)?.length ?? 0;
      expect(day, day.date).toMatchObject({ disabled: String(count === 0) });
      expect(day.label).toMatch(count === 0 ? /, aucun créneau$/ : count === 1 ? /, 1 créneau libre$/ : new RegExp(`, ${count} créneaux libres$`));
      expect(day.label).toMatch(/^\d{1,2} \p{L}+ \d{4}, /u);
    }
    if (monthOf(blocked) === monthOf(first)) expect(await dayButton(page, blocked).getAttribute('aria-disabled')).toBe('true');
    const weekend = shown.find((d) => new Date(`${d.date}T12:00:00Z`).getUTCDay() === 0)!;
    expect(weekend).toMatchObject({ disabled: 'true' });
    expect(weekend.label).toMatch(/, aucun créneau$/);
    expect(await picker.getByText(`Heures en ${ZONE}`).count()).toBe(1);

    // Keyboard: one tab stop in the grid, arrows by day and week, Home/End to the week's ends.
    expect(await page.locator('table[role="grid"] button[tabindex="0"]').count()).toBe(1);
    await dayButton(page, first).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedDate(page)).toBe(addDays(first, 1));
    await page.keyboard.press('ArrowLeft');
    await gridSettled(page);
    expect(await focusedDate(page)).toBe(first);
    await page.keyboard.press('ArrowDown');
    await gridSettled(page);
    expect(await focusedDate(page)).toBe(addDays(first, 7));
    await page.keyboard.press('ArrowUp');
    await gridSettled(page);
    expect(await focusedDate(page)).toBe(first);
    await page.keyboard.press('End');
    await gridSettled(page);
    expect(await focusedDate(page)).toBe(weekEnd(first));
    await page.keyboard.press('Home');
    await gridSettled(page);
    // The week's Monday, or the 1st when that Monday is in a month before the ones offered.
    const monday = weekStart(first);
    const firstOffered = `${monthOf(dateIn(Date.now(), ZONE))}-01`;
    expect(await focusedDate(page)).toBe(monday < firstOffered ? firstOffered : monday);
    expect(await page.locator('table[role="grid"] button[tabindex="0"]').count()).toBe(1);
    // To the next offered day (over the blocked one), then Enter picks it.
    await dayButton(page, first).focus();
    const steps = Math.round((Date.parse(second) - Date.parse(first)) / 86_400_000);
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
    await gridSettled(page);
    expect(await focusedDate(page)).toBe(second);
    await page.keyboard.press('Enter');
    const dayTitle = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${second}T00:00:00Z`));
    await expect.poll(async () => (await picker.getByRole('heading', { level: 2 }).nth(1).textContent())?.toLowerCase()).toBe(dayTitle);

    // The times listed are that day's, in order, as the API offers them.
    const times = page.getByRole('list', { name: `Horaires du ${dayTitle}` }).getByRole('button');
    expect(await times.allTextContents()).toEqual(offered.get(second)!.map(paris));

    // The page fits the phone and every target is a comfortable tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const box of await page.locator('.slot-picker button').evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeGreaterThanOrEqual(40);
      expect(box.height).toBeGreaterThanOrEqual(40);
    }
    expect(await seriousViolations(page)).toEqual([]);

    const pick = times.nth(Math.min(1, offered.get(second)!.length - 1));
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    expect(await picker.getByText(/^Créneau choisi : /).textContent()).toBe(`Créneau choisi : ${dayTitle} à ${await pick.textContent()}`);
    await screenshot(page, 'slot-picker-phone');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}\?created=1$/);
    const id = /appointments\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const stored = await getAppointment(id);
    expect(stored).toMatchObject({ productId, status: 'pending', startTime: offered.get(second)![Math.min(1, offered.get(second)!.length - 1)] });
    await page.close();
  });

  it('on a wide screen: the times sit beside the grid; the next month is one call away', async () => {
    await createProduct(`Suivi trimestriel ${Date.now()}`);
    const page = await clientPage(DESKTOP);
    await chooseProduct(page, 'Suivi trimestriel');
    await gridSettled(page);
    const grid = (await page.locator('table[role="grid"]').boundingBox())!;
    const list = (await page.locator('.time-list').boundingBox())!;
    expect(list.x).toBeGreaterThan(grid.x + grid.width);
    expect(await page.getByRole('button', { name: 'Mois précédent' }).isDisabled()).toBe(true);
    await screenshot(page, 'slot-picker-desktop');

    const calls: string[] = [];
    page.on('request', (request) => request.url().includes('/api/availability') && calls.push(request.url()));
    const heading = page.locator('.month-title');
    const shownBefore = await heading.textContent();
    await page.getByRole('button', { name: 'Mois suivant' }).click();
    await gridSettled(page);
    expect(await heading.textContent()).not.toBe(shownBefore);
    expect(calls).toHaveLength(1);
    // The whole month in one query: from its first instant in Paris to the next month's.
    const asked = new URL(calls[0]!).searchParams;
    const nextMonth = addMonths(monthOf(dateIn(Date.now(), ZONE)), 1);
    expect({ from: asked.get('from'), to: asked.get('to'), timezone: asked.get('timezone') }).toEqual({ ...monthSpan(nextMonth, ZONE, new Date(0)), timezone: ZONE });
    expect(await page.getByRole('button', { name: 'Mois précédent' }).isDisabled()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    // The month and the chosen day are headed under the page's h1, one level down.
    expect(await skippedHeadingLevels(page)).toEqual([]);
    await page.close();
  });

  it('a time taken meanwhile: the booking is refused in French and the picker loads again without it', async () => {
    const name = `Entretien disputé ${Date.now()}`;
    const productId = await createProduct(name);
    const page = await clientPage(PHONE);
    await chooseProduct(page, name);
    await gridSettled(page);
    const times = page.getByRole('list', { name: /^Horaires du / }).getByRole('button');
    await times.first().click();
    // Someone else books that very time first.
    const [[day, starts]] = [...(await offeredDays(productId)).entries()] as [[string, string[]]];
    expect(paris(starts[0]!)).toBe(await times.first().textContent());
    const other = await call(`${stack.url}/api/appointments`, { method: 'POST', token: await idTokenFor('client@example.com'), json: { productId, startTime: starts[0] } });
    expect(other.status).toBe(201);
    const left = (await offeredDays(productId)).get(day) ?? [];
    expect(left).not.toContain(starts[0]);

    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Ce créneau vient d’être pris : choisissez-en un autre.').waitFor();
    await gridSettled(page);
    // The day now says what is left of it, and lists only that.
    expect(await dayButton(page, day).getAttribute('aria-label')).toMatch(left.length === 0 ? /, aucun créneau$/ : new RegExp(`, ${left.length} créneaux? libres?$`));
    if (left.length > 0) {
      await dayButton(page, day).click();
      expect(await times.allTextContents()).toEqual(left.map(paris));
    }
    expect(await page.getByText(/^Créneau choisi : /).count()).toBe(0);
    await page.close();
  });

  it('a product withdrawn meanwhile: the refusal reads in French, never the API’s English', async () => {
    const name = `Atelier retiré ${Date.now()}`;
    const productId = await createProduct(name);
    const page = await clientPage(PHONE);
    const option = page.getByLabel('Type de rendez-vous').locator('option', { hasText: name });
    await option.waitFor({ state: 'attached' });
    expect((await call(`${stack.url}/api/admin/products/${productId}`, { method: 'PUT', token: admin, json: { active: false } })).status).toBe(200);
    await chooseProduct(page, name);
    const alert = page.getByRole('group', { name: 'Créneaux disponibles' }).getByRole('alert');
    expect(await alert.textContent()).toBe('Cet élément est introuvable : il a peut-être été supprimé.');
    expect(await page.getByRole('button', { name: 'Réessayer' }).count()).toBe(1);
    await page.close();
  });
});
