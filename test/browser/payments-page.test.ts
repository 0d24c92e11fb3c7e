import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { launchBrowser, screenshot, signInThroughPage } from '../helpers/browser.ts';
import { startFakeLago, type FakeLago } from '../../local/sandbox/lago.ts';
import { requestSlot } from '../helpers/fixtures.ts';
import { call, createTestUser, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';
import { DEMO_PASSWORD } from '../../local/demo.ts';

let stack: TestStack;
let browser: Browser;
let lago: FakeLago;

beforeAll(async () => {
  lago = await startFakeLago();
  // The handlers run in this worker: Lago's settings are in place before the first request.
  Object.assign(process.env, { LAGO_API_URL: lago.url, LAGO_API_KEY: lago.apiKey, LAGO_WEBHOOK_HMAC_KEY: lago.hmacKey });
  resetConfig();
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await lago?.stop();
  for (const name of ['LAGO_API_URL', 'LAGO_API_KEY', 'LAGO_WEBHOOK_HMAC_KEY']) delete process.env[name];
  resetConfig();
});

describe('the client payments page', () => {
  it('says so when nothing is paid; lists paid appointments with amount, status and invoice, and Payer creates the invoice', async () => {
    const client = await createTestUser({ prefix: 'payer' });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInThroughPage(page, stack.url, client.email, DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/dashboard/`);
    // On a phone the navigation is behind "Menu".
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Paiements' }).click();
    await page.waitForURL(`${stack.url}/dashboard/payments/`);
    await page.getByText('Aucun rendez-vous payant pour l’instant.').waitFor();

    // The team prices two of the client's requests; one is cancelled afterwards.
    const admin = await idTokenFor('admin@example.com');
    const priced: string[] = [];
    for (const title of ['Séance payante', 'Séance annulée']) {
      const created = await call(`${stack.url}/api/appointments`, { method: 'POST', token: client.idToken, json: { title, ...requestSlot() } });
      const confirmed = await call(`${stack.url}/api/appointments/${created.body.data.id}`, {
        method: 'PUT',
        token: admin,
        json: { status: 'confirmed', type: 'paid', price: 6000, currency: 'EUR' },
      });
      expect(confirmed.status).toBe(200);
      priced.push(created.body.data.id);
    }
    await call(`${stack.url}/api/appointments/${priced[1]}`, { method: 'PUT', token: admin, json: { status: 'cancelled' } });

    await page.reload();
    const list = page.getByRole('list', { name: 'Rendez-vous payants' });
    await list.waitFor();
    // French amounts: a (narrow) no-break space before the euro sign.
    expect(await page.getByRole('status').first().textContent()).toMatch(/^À régler : 60,00\s€ \(1 rendez-vous\)\.$/);
    const due = list.getByRole('listitem').filter({ hasText: 'Séance payante' });
    expect(await due.textContent()).toContain('À payer');
    expect(await due.textContent()).toContain('Pas encore de facture');
    expect(await list.getByRole('listitem').filter({ hasText: 'Séance annulée' }).textContent()).toContain('Annulé, rien à payer');
    expect(await list.getByRole('button', { name: /^Payer/ }).count()).toBe(1);
    await screenshot(page, 'client-payments-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await due.getByRole('button', { name: 'Payer Séance payante' }).click();
    // The fake Lago gives a payment page: the browser goes there; the invoice is on the appointment.
    await expect.poll(() => page.url()).not.toContain('/dashboard/payments/');
    const stored = await call(`${stack.url}/api/appointments/${priced[0]}`, { token: client.idToken });
    expect(stored.body.data.invoiceNumber).toMatch(/\S+/);
    await page.goto(`${stack.url}/dashboard/payments/`);
    await page.getByText(`Facture ${stored.body.data.invoiceNumber}`).waitFor();
    await page.close();
  });
});
