import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getAppointment } from '../../shared/db/appointments.ts';
import { getUser } from '../../shared/db/users.ts';
import { launchBrowser, screenshot, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  await useOwnSeededTable('booking-ui');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signedIn = (email: string) => signedInPage(browser, stack.url, email);

describe('booking a product slot and managing the profile', () => {
  it('a client picks an offered slot of a product; the pending booking carries its price and the admin', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/new/`);
    const products = page.getByLabel('Type de rendez-vous');
    await products.locator('option', { hasText: 'Consultation approfondie' }).waitFor({ state: 'attached' });
    const label = await products.locator('option', { hasText: 'Consultation approfondie' }).textContent();
    await products.selectOption({ label: label! });
    const slots = page.getByRole('group', { name: 'Créneaux disponibles' });
    // The month grid chooses the first day with a free time; its times are the list's buttons.
    const times = slots.getByRole('list', { name: /^Horaires du / }).getByRole('button');
    await times.first().waitFor();
    const choice = times.last();
    await choice.click();
    expect(await choice.getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Note pour l’équipe').fill('Premier rendez-vous');
    await screenshot(page, 'booking-slot-picker');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}\?created=1$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Consultation approfondie');
    const id = /appointments\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const stored = await getAppointment(id);
    expect(stored).toMatchObject({ status: 'pending', type: 'paid', price: 5000, assignedAdminId: inject('demoUserIds')['admin@example.com'], clientNote: 'Premier rendez-vous' });
    expect(Date.parse(stored!.endTime) - Date.parse(stored!.startTime)).toBe(90 * 60_000);
    // Payments are not configured in this run: no pay button is offered.
    expect(await page.getByRole('button', { name: 'Payer' }).count()).toBe(0);
    await screenshot(page, 'booking-details');
    await page.close();
  });

  it('a client turns email notifications off and changes their time zone', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/profile/`);
    await page.getByLabel('Recevoir les e-mails', { exact: false }).uncheck();
    await page.getByLabel('Fuseau horaire').selectOption('America/New_York');
    await page.getByLabel('Téléphone').fill('+33 6 12 34 56 78');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Profil enregistré.');
    const profile = await getUser(inject('demoUserIds')['client@example.com']);
    expect(profile).toMatchObject({ emailNotifications: false, timezone: 'America/New_York', phone: '+33 6 12 34 56 78' });
    await screenshot(page, 'profile-saved');
    await page.close();
  });

  it('an admin adds a product and blocks a date; clients see the product and no slot that date', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/products/`);
    await page.getByLabel('Name *').fill('Bilan express');
    await page.getByLabel('Duration (minutes)').fill('30');
    await page.getByLabel('Price (EUR, 0 = free)').fill('25');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('row').filter({ hasText: 'Bilan express' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Bilan express' }).getByText('€25.00').count()).toBe(1);

    // Next Monday in Paris: normally bookable (the seed's Monday windows).
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
    const date = monday.toISOString().slice(0, 10);
    await page.goto(`${stack.url}/admin/availability/`);
    await page.getByRole('row').filter({ hasText: 'Monday' }).first().waitFor();
    await page.getByRole('textbox', { name: 'Date', exact: true }).fill(date);
    await page.getByLabel('Reason').fill('Holiday');
    await page.getByRole('button', { name: 'Add exception' }).click();
    await page.getByText('Holiday').waitFor();
    await screenshot(page, 'admin-availability');

    const products = await (await fetch(`${stack.url}/api/products`)).json();
    const product = products.data.find((p: { name: string }) => p.name === 'Bilan express');
    expect(product).toMatchObject({ durationMinutes: 30, price: 2500 });
    const query = new URLSearchParams({ productId: product.id, from: date, to: new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10), timezone: 'Europe/Paris' });
    const slots = await (await fetch(`${stack.url}/api/availability?${query}`)).json();
    expect(slots.data.slots).toEqual([]);
    await page.close();
  });
});
