import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// A table of its own, freshly seeded: what Jean sees is only the seed plus what this file does.
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  await useOwnSeededTable('flows');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signedIn = (email: string) => signedInPage(browser, stack.url, email);

/** Three weeks ahead, Wednesday 12:30 in the week view: clear of the seed's appointments. */
async function openTargetWeek(page: Page) {
  await page.getByRole('button', { name: 'Week' }).click();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /Next/ }).click();
}
/** A person's click on the empty 12:30 cell of Wednesday (react-big-calendar selects on mouse down/up). */
async function clickWednesdayAt1230(page: Page) {
  const column = (await page.locator('.rbc-time-content .rbc-day-slot').nth(2).boundingBox())!;
  const noon = page.locator('.rbc-time-gutter .rbc-timeslot-group').nth(12);
  await noon.scrollIntoViewIfNeeded();
  const hour = (await noon.boundingBox())!;
  await page.mouse.click(column.x + column.width / 2, hour.y + hour.height * 0.75);
}

describe('the seed user flows in a real browser', () => {
  const title = `Technical Consultation ${randomUUID().slice(0, 6)}`;

  it('flow 1: the admin clicks a slot and sends a request to Jean; it shows in yellow', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    await openTargetWeek(page);
    await clickWednesdayAt1230(page);
    const dialog = page.getByRole('dialog', { name: 'Request Appointment with Client' });
    await dialog.waitFor();
    await dialog.getByLabel('Client email *').fill('nobody@example.com');
    await dialog.getByLabel('Title *').fill(title);
    await dialog.getByRole('button', { name: 'Send Request' }).click();
    await expect.poll(() => dialog.getByText('Client not found with this email').count()).toBe(1);
    await dialog.getByLabel('Client email *').fill('jean.dupont@example.com');
    await dialog.getByLabel('Description').fill('Discuss project architecture');
    await dialog.getByLabel('Location').fill('Paris Office');
    await dialog.getByLabel('Meeting URL').fill('https://meet.google.com/xyz');
    await dialog.getByLabel('Internal notes (admins only)').fill('VIP client - prepare demo');
    await screenshot(page, 'flow1-request-dialog');
    await dialog.getByRole('button', { name: 'Send Request' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Appointment request sent to client');
    const event = page.locator('.rbc-event', { hasText: title });
    await event.waitFor();
    expect(await event.getAttribute('class')).toContain('event-pending');
    expect(await event.textContent()).toContain('Jean Dupont');
    await screenshot(page, 'flow1-admin-calendar-pending');
    await page.close();
  });

  it('flow 2: Jean confirms it from the pending card, which then disappears; the admin sees it green', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/`);
    const card = page.getByRole('region', { name: /Rendez-vous en attente de confirmation/ });
    await card.waitFor();
    expect(await card.getByText('Ces rendez-vous ont été demandés par l’équipe et nécessitent votre confirmation').count()).toBe(1);
    const item = card.getByRole('listitem').filter({ hasText: title });
    expect(await item.getByText('Discuss project architecture').count()).toBe(1);
    expect(await item.getByText('Paris Office').count()).toBe(1);
    expect(await item.getByRole('link', { name: 'Détails' }).count()).toBe(1);
    await screenshot(page, 'flow2-pending-card');
    await item.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Rendez-vous confirmé !');
    await expect.poll(() => card.count()).toBe(0);
    await screenshot(page, 'flow2-confirmed');
    await page.close();

    const admin = await signedIn('admin@example.com');
    await admin.goto(`${stack.url}/admin/appointments/calendar/`);
    await admin.locator('.rbc-time-view').waitFor();
    await openTargetWeek(admin);
    const event = admin.locator('.rbc-event', { hasText: title });
    await event.waitFor();
    expect(await event.getAttribute('class')).toContain('event-confirmed');
    await admin.close();
  });

  it('flow 3: a client moves through the calendar views and opens an event', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    for (const view of ['Mois', 'Jour', 'Agenda', 'Semaine']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      expect(await page.getByRole('button', { name: view, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await page.getByRole('button', { name: 'Mois', exact: true }).click();
    // The seed gives the client a confirmed "Consultation initiale" on the next weekday.
    let event = page.locator('.rbc-event', { hasText: 'Consultation initiale' });
    if ((await event.count()) === 0) {
      await page.getByRole('button', { name: /Suivant/ }).click();
      event = page.locator('.rbc-event', { hasText: 'Consultation initiale' });
    }
    await screenshot(page, 'flow3-client-month');
    await event.first().click();
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Consultation initiale');
    await screenshot(page, 'flow3-details');
    await page.close();
  });

  it('flow 4: the admin list shows the assigned admin and exports CSV', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByRole('search').getByRole('searchbox').fill(title.split(' ').at(-1)!);
    // The search runs on the server: only the matching row (and the header) remain.
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.getByText('Alice Martin').count()).toBe(1);
    expect(await row.getByText('Jean Dupont').count()).toBe(1);
    await expect.poll(() => page.getByLabel(/Statistics for/).count()).toBe(1);
    await screenshot(page, 'flow4-admin-list');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^appointments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv as Buffer[]).toString('utf8');
    expect(text).toContain(title);
    expect(text).toContain('admin@example.com');
    await page.close();
  });
});
