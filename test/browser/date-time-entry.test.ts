import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, seriousViolations, signInThroughPage, useOwnSeededTable } from '../helpers/browser.ts';
import { wallClock } from '../helpers/fixtures.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Dates and times typed on the site read the same whatever the browser's language (issue 17). A
 * native date or time input follows the browser: in an American English browser it showed a
 * French client mm/dd/yyyy and AM/PM, and the English admin pages 12-hour times while every admin
 * page shows 24-hour ones. The browser here is en-US on purpose.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  await useOwnSeededTable('entry');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signedIn(email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await signInThroughPage(page, stack.url, email, DEMO_PASSWORD);
  await page.waitForURL(/\/(admin|dashboard)\/$/);
  return page;
}

const nativeDateInputs = (page: Page) => page.locator('input[type="date"], input[type="time"], input[type="datetime-local"]').count();
/** The texts that describe a field (its format, its problem), as a screen reader reads them after its name. */
const description = (page: Page, field: ReturnType<Page['getByRole']>) =>
  field.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' | '));

describe('the French request page in an English browser', () => {
  it('takes the date as jj/mm/aaaa and a 24-hour time, says what is wrong in French beside the field, and picks a date from the month grid by keyboard', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/new/`);
    const when = page.getByRole('group', { name: 'Date et heure souhaitées *' });
    await when.waitFor();
    expect(await nativeDateInputs(page)).toBe(0);
    const date = when.getByRole('textbox', { name: 'Date', exact: true });
    const time = when.getByRole('textbox', { name: 'Heure', exact: true });
    expect(await description(page, date)).toBe('jj/mm/aaaa');
    expect(await description(page, time)).toBe('hh:mm');

    // Month first, as an American would type it, and an AM/PM time: both refused in French, beside the field.
    await date.fill('12/31/2027');
    await time.click();
    expect(await description(page, date)).toBe('jj/mm/aaaa | Saisissez une date réelle au format jj/mm/aaaa, par exemple 24/12/2026.');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await time.fill('2:30 PM');
    await page.getByLabel('Objet *').click();
    expect(await description(page, time)).toBe('hh:mm | Saisissez une heure sur 24 h au format hh:mm, par exemple 14:30.');
    await screenshot(page, 'request-date-time-errors-fr');

    // The date from the month grid, keys only: the calendar button, then the arrows and Enter.
    const year = new Date().getFullYear() + 1;
    await date.fill(`14/01/${year}`);
    await date.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Choisir une date');
    await page.keyboard.press('Enter');
    const grid = page.getByRole('dialog').getByRole('grid');
    await grid.waitFor();
    // The focus on the field's date in the grid, named in French.
    const dayName = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${year}-01-14T00:00:00Z`));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(dayName);
    expect(await page.getByRole('dialog').textContent()).toContain(`janvier ${year}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await screenshot(page, 'request-date-popup-fr');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    expect(await grid.count()).toBe(0);
    expect(await date.inputValue()).toBe(`22/01/${year}`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Choisir une date');
    expect(await description(page, date)).toBe('jj/mm/aaaa');

    // The time as people write it in France; it reads back as hh:mm. Escape closes the grid alone.
    await time.fill('14h30');
    await time.press('Tab');
    expect(await time.inputValue()).toBe('14:30');
    await page.getByLabel('Objet *').fill('Rendez-vous saisi au clavier');
    await page.getByLabel('Fuseau horaire').selectOption('Europe/Paris');
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/appointments') && request.method() === 'POST');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    expect(Date.parse((await sent).postDataJSON().startTime)).toBe(Date.parse(wallClock(`${year}-01-22`, '14:30', 'Europe/Paris')));
    await page.context().close();
  });

  it('on a phone, the date and time fit the screen and the month grid opens under the field', async () => {
    const page = await signedIn('jean.dupont@example.com', 390);
    await page.goto(`${stack.url}/dashboard/appointments/new/`);
    const when = page.getByRole('group', { name: 'Date et heure souhaitées *' });
    await when.getByRole('button', { name: 'Choisir une date' }).click();
    await page.getByRole('dialog').getByRole('grid').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const popup = (await page.getByRole('dialog').boundingBox())!;
    expect(popup.x).toBeGreaterThanOrEqual(0);
    expect(popup.x + popup.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'request-date-popup-390');
    // Escape closes the grid, the focus back on its button.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Choisir une date');
    await page.context().close();
  });
});

describe('the admin availability page in an English browser', () => {
  it('shows and takes 24-hour HH:MM times, refuses an AM/PM one with an English message beside it, and sends what it shows', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/availability/`);
    const form = page.getByRole('form', { name: 'Add a weekly window' });
    const from = form.getByRole('textbox', { name: 'From', exact: true });
    const to = form.getByRole('textbox', { name: 'To', exact: true });
    await from.waitFor();
    expect(await nativeDateInputs(page)).toBe(0);
    expect([await from.inputValue(), await to.inputValue()]).toEqual(['09:00', '12:00']);
    expect(await description(page, from)).toBe('HH:MM');

    await form.getByLabel('Day').selectOption('Saturday');
    await from.fill('2:00 PM');
    await to.click();
    expect(await description(page, from)).toBe('HH:MM | Enter a 24-hour time as HH:MM, for example 14:30.');
    // Nothing is sent while a time does not read.
    let posted = 0;
    page.on('request', (request) => request.url().includes('/api/admin/availability/slots') && request.method() === 'POST' && posted++);
    await form.getByRole('button', { name: 'Add window' }).click();
    await page.waitForTimeout(500);
    expect(posted).toBe(0);
    await screenshot(page, 'availability-time-error');

    // "14" and "1730" read back as 14:00 and 17:30; the arrow steps a quarter of an hour.
    await from.fill('14');
    await to.fill('1730');
    await to.press('ArrowUp');
    expect(await to.inputValue()).toBe('17:45');
    await from.press('Tab');
    expect(await from.inputValue()).toBe('14:00');
    expect(await description(page, from)).toBe('HH:MM');
    await form.getByRole('button', { name: 'Add window' }).click();
    await page.getByRole('row').filter({ hasText: 'Saturday' }).filter({ hasText: '14:00–17:45' }).waitFor();
    // The form is ready for the next window: its first times again.
    expect([await from.inputValue(), await to.inputValue()]).toEqual(['09:00', '12:00']);
    const slots = await call(`${stack.url}/api/admin/availability/slots`, { token: await idTokenFor('admin@example.com') });
    expect(slots.body.data).toContainEqual(expect.objectContaining({ dayOfWeek: 6, startTime: '14:00', endTime: '17:45' }));
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
