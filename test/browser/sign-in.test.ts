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
});
