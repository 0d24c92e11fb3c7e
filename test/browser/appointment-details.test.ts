import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTokens, futureSlot, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { launchBrowser, screenshot, seriousViolations, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

// A table of its own, and the AppointmentChanged jobs running as in AWS (they write the history).
let stack: TestStack;
let browser: Browser;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

beforeAll(async () => {
  await useOwnSeededTable('details');
  [stack, browser, tokens] = await Promise.all([startTestStack({ site: true, consumers: true }), launchBrowser(), demoTokens()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);
const signedIn = (email: string) => signedInPage(browser, stack.url, email);

async function put(id: string, token: string, json: Record<string, unknown>) {
  const result = await api(`/appointments/${id}`, { method: 'PUT', token, json });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  await stack.settled();
}

describe('the appointment details page', () => {
  it('shows the status history as a timeline: "Vous" / "L’équipe" for the client, names for admins; a cancel adds to it', async () => {
    const title = `Bilan ${randomUUID().slice(0, 6)}`;
    const created = await api('/appointments', { method: 'POST', token: tokens.client, json: { title, clientNote: 'Plutôt le matin', ...requestSlot() } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    await stack.settled();
    await put(id, tokens.admin, { status: 'confirmed', notes: 'Prepare the quote' });
    const moved = futureSlot(90);
    await put(id, tokens.admin, { startTime: moved.startTime, endTime: moved.endTime });

    // The client's deep link (/dashboard/appointments/<id>, as CloudFront serves it).
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/${id}`);
    const history = page.getByRole('region', { name: 'Historique' });
    const items = history.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(0).textContent()).toMatch(/^Demande envoyée.*Vous$/);
    expect(await items.nth(1).textContent()).toMatch(/^Confirmé.*L’équipe$/);
    expect(await items.nth(2).textContent()).toMatch(/^Déplacé.*L’équipe · Modifié\u00a0: horaire$/);
    expect(await history.textContent()).not.toMatch(/Alice|Martin|notes|interne/i);
    await screenshot(page, 'details-client-history');

    // Asked first: keeping it changes nothing; then with a reason.
    await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    await page.getByRole('alertdialog', { name: 'Annuler ce rendez-vous ?' }).getByRole('button', { name: 'Garder le rendez-vous' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    await page.getByLabel('Motif (facultatif)').fill('Empêchement');
    await page.getByRole('button', { name: 'Oui, annuler' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Rendez-vous annulé');
    // Written by the job after the change: the page asks again until it is there.
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(4);
    expect(await items.nth(3).textContent()).toMatch(/^Annulé.*Vous · Modifié\u00a0: motif d’annulation$/);
    await screenshot(page, 'details-client-history-cancelled');
    await page.close();

    const admin = await signedIn('admin@example.com');
    await admin.goto(`${stack.url}/admin/appointments/${id}`);
    const adminItems = admin.getByRole('region', { name: 'History' }).getByRole('listitem');
    await expect.poll(() => adminItems.count()).toBe(4);
    const lines = await adminItems.allTextContents();
    expect(lines[0]).toMatch(/^Requested.*Chloé Bernard$/);
    expect(lines[1]).toMatch(/^Confirmed.*Alice Martin · Changed: assigned admin, internal notes$/);
    expect(lines[2]).toMatch(/^Rescheduled.*Alice Martin · Changed: time$/);
    expect(lines[3]).toMatch(/^Cancelled.*Chloé Bernard · Changed: cancellation reason$/);
    await screenshot(admin, 'details-admin-history');
    await admin.close();
  });
});

describe('the admin list: "Confirm/assign admin"', () => {
  it('the admin confirms a request and assigns it to another admin picked from the list; the row shows that admin', async () => {
    const other = await registeredUser(stack.url, { admin: true });
    expect((await api('/me', { method: 'PUT', token: other.idToken, json: { firstName: 'Bruno', lastName: 'Second' } })).status).toBe(200);
    const title = `Assign ${randomUUID().slice(0, 6)}`;
    const created = await api('/appointments', { method: 'POST', token: tokens.jean, json: { title, ...requestSlot() } });
    expect(created.status).toBe(201);
    await stack.settled();

    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByRole('search').getByRole('searchbox').fill(title.split(' ')[1]!);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.getByText('Unassigned').count()).toBe(1);
    await row.getByRole('button', { name: 'Actions' }).click();
    await row.getByRole('menuitem', { name: 'Confirm & assign admin…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Confirm and assign an admin' });
    await dialog.waitFor();
    const select = dialog.getByLabel('Admin');
    await select.waitFor();
    // Focus starts on the list; the caller is preselected.
    expect(await select.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await select.locator('option:checked').textContent()).toBe('Alice Martin (me)');
    await select.selectOption({ label: 'Bruno Second' });
    expect(await dialog.getByText(other.email).count()).toBe(1);
    await screenshot(page, 'admin-assign-dialog');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Confirm & assign' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Appointment confirmed and assigned to Bruno Second');
    await expect.poll(() => row.getByText('Bruno Second').count()).toBe(1);
    expect(await row.getByText('Confirmed').count()).toBe(1);
    expect(await dialog.count()).toBe(0);
    // Focus is back on the row's menu button.
    expect(await row.getByRole('button', { name: 'Actions' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'admin-list-assigned-other');

    const stored = await api(`/appointments/${created.body.data.id}`, { token: tokens.admin });
    expect(stored.body.data).toMatchObject({ status: 'confirmed', assignedAdminId: other.id });

    // Reassigning a confirmed appointment, by keyboard: Escape closes the picker without a change.
    await row.getByRole('button', { name: 'Actions' }).click();
    await row.getByRole('menuitem', { name: 'Assign admin…' }).click();
    const reassign = page.getByRole('dialog', { name: 'Assign an admin' });
    await reassign.waitFor();
    expect(await reassign.getByLabel('Admin').locator('option:checked').textContent()).toBe('Bruno Second');
    await page.keyboard.press('Escape');
    await expect.poll(() => reassign.count()).toBe(0);
    await page.close();
  });
});
