import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../shared/db/service.ts';
import { demoTokens, futureSlot } from '../helpers/fixtures.ts';
import { launchBrowser, screenshot, seriousViolations, signedInPage } from '../helpers/browser.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';


let stack: TestStack;
let browser: Browser;
/** The demo client's own appointment, with a status history (its details pages are checked too). */
let appointmentId: string;
beforeAll(async () => {
  // The AppointmentChanged jobs run, so the details pages show a real history timeline.
  [stack, browser] = await Promise.all([startTestStack({ site: true, consumers: true }), launchBrowser()]);
  const tokens = await demoTokens();
  const created = await call(`${stack.url}/api/appointments`, {
    method: 'POST',
    token: tokens.client,
    json: { title: 'Contrôle d’accessibilité', description: 'Rendez-vous de test', location: 'Bureau de Paris', clientNote: 'Merci', ...futureSlot() },
  });
  expect(created.status).toBe(201);
  appointmentId = created.body.data.id;
  const confirmed = await call(`${stack.url}/api/appointments/${appointmentId}`, { method: 'PUT', token: tokens.admin, json: { status: 'confirmed', notes: 'Internal' } });
  expect(confirmed.status).toBe(200);
  await stack.settled();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signedIn = (email: string) => signedInPage(browser, stack.url, email);


describe('accessibility (axe-core: no serious or critical violation)', () => {
  // Functions: the details pages need the id made in beforeAll.
  const clientPages = () => [
    '/dashboard/',
    '/dashboard/appointments/',
    '/dashboard/appointments/new/',
    `/dashboard/appointments/view/?id=${appointmentId}`,
    '/dashboard/calendar/',
    '/dashboard/calendar/settings/',
    '/dashboard/support/',
    '/dashboard/profile/',
  ];
  const adminPages = () => [
    '/admin/',
    '/admin/appointments/',
    `/admin/appointments/view/?id=${appointmentId}`,
    '/admin/appointments/calendar/',
    '/admin/availability/',
    '/admin/products/',
    '/admin/support/',
  ];

  it.each([
    ['client', 'client@example.com', clientPages],
    ['admin', 'admin@example.com', adminPages],
  ] as const)('every %s page', async (_, email, pages) => {
    const page = await signedIn(email);
    const findings: string[] = [];
    for (const path of pages()) {
      await page.goto(`${stack.url}${path}`);
      await page.locator('main#content h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      // A details page is checked with its history timeline on it.
      if (path.includes('/view/')) await page.locator('.timeline li').nth(1).waitFor();
      findings.push(...(await seriousViolations(page)).map((f) => `${path} ${f}`));
    }
    expect(findings).toEqual([]);
    await page.close();
  });

  it('the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/signin/`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('support', () => {
  it('a client sends a ticket from the help centre; it is stored for admins', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/support/`);
    await page.getByRole('heading', { name: 'Questions fréquentes' }).waitFor();
    await page.getByText('Comment confirmer un rendez-vous proposé par l’équipe ?').click();
    expect(await page.getByText('Cliquez sur « Confirmer »', { exact: false }).isVisible()).toBe(true);
    const subject = `Facture introuvable ${Date.now()}`;
    await page.getByLabel('Catégorie').selectOption({ label: 'Facturation / Paiement' });
    await page.getByLabel('Sujet').fill(subject);
    await page.getByLabel('Message').fill('Je ne trouve pas la facture de mon dernier rendez-vous.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Votre message a bien été envoyé');
    await screenshot(page, 'support-ticket-sent');
    const { data } = await db().entities.supportTicket.query.byTime({}).go({ order: 'desc', limit: 20 });
    expect(data.find((t) => t.subject === subject)).toMatchObject({ category: 'billing', email: 'client@example.com', status: 'open' });
    await page.close();

    const admin = await signedIn('admin@example.com');
    await admin.goto(`${stack.url}/admin/support/`);
    await admin.getByRole('row').filter({ hasText: subject }).waitFor();
    await admin.close();
  });
});
