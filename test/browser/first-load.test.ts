import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { FIRST_LOAD_ROUTES, type PagePath } from '../../bench/pages.ts';
import { launchBrowser, signInThroughPage, signedInPage, useOwnSeededTable, waitForIslands } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Every API call of a page wakes a function, and on a quiet site most are cold: a page's frame
 * must not wait for /me before the page asks for its own data (two cold starts in series). The
 * profile /me answered at sign-in, or after an edit, stands in for it on the pages that follow.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  // Its own copy of the demo data: a test renames the demo client.
  await useOwnSeededTable('first-load');
  stack = await startTestStack({ site: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * The functions a page wakes on its first load: each route is a function of its own, so the
 * distinct "METHOD /path" of its API calls (ids folded into {id}, query strings aside).
 */
async function functionsOnFirstLoad(page: Page, path: string): Promise<string[]> {
  const routes = new Set<string>();
  const record = (request: { url(): string; method(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) routes.add(`${request.method()} ${url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`);
  };
  page.on('request', record);
  await page.goto(`${stack.url}${path}`);
  await waitForIslands(page);
  await page.waitForLoadState('networkidle');
  page.off('request', record);
  return [...routes].sort();
}

/** The API paths a page asks for while it loads, in order. */
async function callsWhileLoading(page: Page, path: string): Promise<string[]> {
  const calls: string[] = [];
  const record = (request: { url(): string; method(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) calls.push(`${request.method()} ${url.pathname}`);
  };
  page.on('request', record);
  await page.goto(`${stack.url}${path}`);
  await waitForIslands(page);
  await page.waitForLoadState('networkidle');
  page.off('request', record);
  return calls;
}

describe('a page after sign-in', () => {
  it('asks for its own data at once: no /me on the way, and the frame names the person', async () => {
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    const calls = await callsWhileLoading(page, '/admin/appointments/');
    expect(calls).not.toContain('GET /api/me');
    expect(calls).toContain('GET /api/admin/appointments');
    await page.getByRole('heading', { name: 'Appointments' }).waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('Alice Martin');
    await page.close();
  });

  it('a client on an admin URL gets the "Accès réservé" card from the remembered profile alone', async () => {
    const page = await signedInPage(browser, stack.url, 'client@example.com');
    const calls = await callsWhileLoading(page, '/admin/availability/');
    await page.getByRole('heading', { name: 'Accès réservé' }).waitFor();
    expect(calls).not.toContain('GET /api/me');
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.close();
  });

  it('the profile page reads the stored profile, and the pages after an edit show the new name', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInThroughPage(page, stack.url, 'client@example.com', DEMO_PASSWORD);
    await page.waitForURL(/\/dashboard\/$/);
    expect(await callsWhileLoading(page, '/dashboard/profile/')).toContain('GET /api/me');
    await page.getByLabel('Prénom').fill('Éloïse');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Profil enregistré.');
    const calls = await callsWhileLoading(page, '/dashboard/appointments/');
    expect(calls).not.toContain('GET /api/me');
    expect(await page.getByTestId('user-name').textContent()).toBe('Éloïse Bernard');
    await page.close();
  });

  it('signing out forgets the profile: the next person on this tab is never shown as the last one', async () => {
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\/$/);
    expect(await page.evaluate(() => sessionStorage.getItem('booking.profile'))).toBeNull();
    await signInThroughPage(page, stack.url, 'jean.dupont@example.com', DEMO_PASSWORD);
    await page.waitForURL(/\/dashboard\/$/);
    await page.goto(`${stack.url}/dashboard/appointments/`);
    await waitForIslands(page);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Jean Dupont');
    await page.close();
  });
});

describe('every page wakes at most two functions on its first load', () => {
  const areaPages = (prefix: string) => (Object.keys(FIRST_LOAD_ROUTES) as PagePath[]).filter((page) => page.startsWith(prefix) && !page.includes('{'));

  it('no page of the table calls more than two', () => {
    for (const [page, routes] of Object.entries(FIRST_LOAD_ROUTES)) expect(routes.length, page).toBeLessThanOrEqual(2);
  });

  it.each([
    ['a client', 'jean.dupont@example.com', '/dashboard/'],
    ['an admin', 'admin@example.com', '/admin/'],
  ])('%s: every page of their area and an appointment’s details call what bench/pages.ts says', async (_who, email, area) => {
    const page = await signedInPage(browser, stack.url, email);
    const woken: Record<string, string[]> = {};
    for (const path of areaPages(area)) woken[path] = await functionsOnFirstLoad(page, path);
    // An appointment's details, reached from the list.
    await page.goto(`${stack.url}${area}appointments/`);
    await page.locator('a[href*="/appointments/"][href*="-"]').first().waitFor();
    const detail = await page.locator('a[href*="/appointments/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? '').find((href) => /\/appointments\/[0-9a-f]{8}-/.test(href)));
    expect(detail, 'an appointment to open').toBeTruthy();
    woken[`${area}appointments/{id}`] = await functionsOnFirstLoad(page, detail!);
    const expected = Object.fromEntries(Object.entries(FIRST_LOAD_ROUTES).filter(([path]) => path.startsWith(area)).map(([path, routes]) => [path, [...routes].sort()]));
    expect(woken).toEqual(expected);
    await page.close();
  });

  it('a visitor on the public booking pages and sign-in', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const woken = {
      '/book/': await functionsOnFirstLoad(page, '/book/'),
      '/book/{slug}/': await functionsOnFirstLoad(page, '/book/consultation-initiale/'),
      '/signin/': await functionsOnFirstLoad(page, '/signin/'),
    };
    expect(woken).toEqual({ '/book/': [...FIRST_LOAD_ROUTES['/book/']].sort(), '/book/{slug}/': [...FIRST_LOAD_ROUTES['/book/{slug}/']].sort(), '/signin/': [] });
    await page.close();
  });
});
