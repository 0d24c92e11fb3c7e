import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTokens, requestSlot } from '../helpers/fixtures.ts';
import { launchBrowser, seriousViolations, signedInPage } from '../helpers/browser.ts';
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
    json: { title: 'Contrôle d’accessibilité', description: 'Rendez-vous de test', location: 'Bureau de Paris', clientNote: 'Merci', ...requestSlot() },
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
    '/dashboard/payments/',
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
    '/admin/users/',
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

  it("checks an appointment outside the calendar's visible hours where a person sees it (not against the hidden day column)", async () => {
    // The time grid opens at 08:00: an appointment in the night is scrolled out of view, and axe
    // measured its white text against today's column behind it (a finding that came and went with
    // the time of day the tests ran, as other tests' appointments fell there or not).
    const tokens = await demoTokens();
    const today = new Date().toISOString().slice(0, 10);
    const night = await call(`${stack.url}/api/appointments`, {
      method: 'POST',
      token: tokens.admin,
      json: { title: 'De nuit', status: 'confirmed', startTime: `${today}T03:00:00.000Z`, endTime: `${today}T03:30:00.000Z` },
    });
    expect(night.status).toBe(201);
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/calendar/`);
    await page.locator('.rbc-event', { hasText: 'De nuit' }).waitFor({ state: 'attached' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    expect((await call(`${stack.url}/api/appointments/${night.body.data.id}`, { method: 'DELETE', token: tokens.admin })).status).toBe(200);
  });

  it('the sign-in page, also with its "session expired" notice, and the account pages (sign-up with its errors, code step, reset, privacy)', async () => {
    const page = await browser.newPage();
    for (const path of ['/signin/', '/signin/?expired=1&next=%2Fdashboard%2F', '/signin/?disabled=1', '/signup/', '/signup/?email=a%40b.test', '/signin/forgot/', '/privacy/']) {
      await page.goto(`${stack.url}${path}`);
      await page.locator('h1').first().waitFor();
      if (path !== '/privacy/') await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
      if (path.includes('expired') || path.includes('disabled')) await page.getByRole('status').waitFor();
      if (path === '/signup/') {
        // With every field's message on screen.
        await page.getByRole('button', { name: 'Créer mon compte' }).click();
        await page.getByRole('alert').waitFor();
      }
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.close();
  });
});
