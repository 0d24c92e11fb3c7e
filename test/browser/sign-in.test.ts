import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, signInThroughPage, waitForIslands } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('signing in through the site', () => {
  it('takes a client to their overview, shows who they are, and signs out', async () => {
    const page = await browser.newPage();
    await signInThroughPage(page, stack.url, 'client@example.com', DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/dashboard/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bonjour, Chloé !');
    expect(await page.getByTestId('user-name').textContent()).toBe('Chloé Bernard');
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    expect(await nav.getByRole('link', { name: 'Vue d’ensemble' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'client-overview');

    await nav.getByRole('link', { name: 'Profil' }).click();
    await page.waitForURL(`${stack.url}/dashboard/profile/`);
    await expect.poll(() => page.getByText('client@example.com').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${stack.url}/signin/`);
    await page.goto(`${stack.url}/dashboard/`);
    await page.waitForURL(/\/signin\/\?next=%2Fdashboard%2F$/);
    await page.close();
  });

  it('takes an admin to the admin dashboard', async () => {
    const page = await browser.newPage();
    await signInThroughPage(page, stack.url, 'admin@example.com', DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/admin/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Alice');
    expect(await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Dashboard' }).count()).toBe(1);
    await screenshot(page, 'admin-dashboard');
    await page.close();
  });

  it('says so when the password is wrong, and returns to the page asked for after signing in', async () => {
    const page = await browser.newPage();
    await signInThroughPage(page, stack.url, 'client@example.com', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');
    await screenshot(page, 'sign-in-error');

    await page.goto(`${stack.url}/signin/?next=${encodeURIComponent('/dashboard/profile/')}`);
    await waitForIslands(page);
    await page.getByLabel('Adresse e-mail').fill('client@example.com');
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${stack.url}/dashboard/profile/`);
    await page.close();
  });

  it('never follows ?next= off the site, however the address is disguised, and keeps a same-site next', async () => {
    // A fresh tab each time: the session lives in the tab (sessionStorage).
    const signInWithNext = async (next: string) => {
      const page = await browser.newPage();
      await page.goto(`${stack.url}/signin/?next=${encodeURIComponent(next)}`);
      await waitForIslands(page);
      await page.getByLabel('Adresse e-mail').fill('client@example.com');
      await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL((url) => url.pathname !== '/signin/');
      const landed = new URL(page.url());
      await page.close();
      return landed;
    };
    // Paths a browser resolves to another host: backslash, tab, a scheme-relative one, an absolute URL.
    for (const next of ['/\\evil.test/x', '/\t/evil.test/x', '//evil.test/x', 'https://evil.test/x']) {
      const landed = await signInWithNext(next);
      expect(landed.origin, next).toBe(new URL(stack.url).origin);
      expect(landed.pathname, next).toBe('/dashboard/');
    }
    const kept = await signInWithNext('/dashboard/profile/?tab=1#top');
    expect(`${kept.pathname}${kept.search}${kept.hash}`).toBe('/dashboard/profile/?tab=1#top');
  });
});
