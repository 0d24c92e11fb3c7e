import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, signedInPage, waitForIslands } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The Qualities line "an expired session returns to sign-in": what the site does when the Cognito
 * tokens it keeps (sessionStorage `booking.session`) have expired, are refused, or are unreadable.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const KEY = 'booking.session';
const EXPIRED_MESSAGE = 'Votre session a expiré, veuillez vous reconnecter.';

interface StoredSession {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

const base64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT-shaped ID token that expired an hour ago (its signature is no one's). */
function expiredJwt(): string {
  const now = Math.floor(Date.now() / 1000);
  return [base64url({ alg: 'RS256', kid: 'old' }), base64url({ sub: 'someone', token_use: 'id', iat: now - 7200, exp: now - 3600 }), base64url('signature')].join('.');
}

const readSession = (page: Page) => page.evaluate((key) => sessionStorage.getItem(key), KEY);

/** Rewrites the stored session the way time (or an attacker, or a bug) would. */
async function tamperSession(page: Page, change: (session: StoredSession) => StoredSession | string) {
  const session = JSON.parse((await readSession(page))!) as StoredSession;
  const changed = change(session);
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [KEY, typeof changed === 'string' ? changed : JSON.stringify(changed)] as const);
  return session;
}

/** The Cognito calls the page makes, by auth flow. */
function recordAuthFlows(page: Page): string[] {
  const flows: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/cognito')) flows.push(JSON.parse(request.postData() ?? '{}').AuthFlow);
  });
  return flows;
}

async function signInAgain(page: Page, email: string) {
  await waitForIslands(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe('an expired session', () => {
  it('with no usable refresh token: back to sign-in with a message, then back to the page after signing in', async () => {
    const page = await signedInPage(browser, stack.url, 'client@example.com');
    await page.goto(`${stack.url}/dashboard/profile/`);
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    const before = await tamperSession(page, (s) => ({ ...s, idToken: expiredJwt(), expiresAt: Date.now() - 1000, refreshToken: 'revoked-refresh-token' }));

    await page.reload();
    await page.waitForURL(`${stack.url}/signin/?expired=1&next=${encodeURIComponent('/dashboard/profile/')}`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(EXPIRED_MESSAGE);
    // The dead session is gone from storage, not retried on every page.
    expect(await readSession(page)).toBeNull();
    await screenshot(page, 'session-expired-signin');

    await signInAgain(page, 'client@example.com');
    await page.waitForURL(`${stack.url}/dashboard/profile/`);
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    const renewed = JSON.parse((await readSession(page))!) as StoredSession;
    expect(renewed.idToken).not.toBe(before.idToken);
    await page.close();
  });

  it('with a valid refresh token: renewed silently, the page loads where it is', async () => {
    const page = await signedInPage(browser, stack.url, 'client@example.com');
    await page.goto(`${stack.url}/dashboard/profile/`);
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    const forged = expiredJwt();
    await tamperSession(page, (s) => ({ ...s, idToken: forged, expiresAt: Date.now() - 1000 }));
    const flows = recordAuthFlows(page);

    await page.reload();
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    expect(page.url()).toBe(`${stack.url}/dashboard/profile/`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Chloé Bernard');
    expect(flows).toEqual(['REFRESH_TOKEN_AUTH']);
    const renewed = JSON.parse((await readSession(page))!) as StoredSession;
    expect(renewed.idToken).not.toBe(forged);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(renewed.refreshToken).toBeTruthy();
    await page.close();
  });

  it('an ID token the API refuses (though not yet expired) is renewed once and the call replayed', async () => {
    const page = await signedInPage(browser, stack.url, 'client@example.com');
    await page.goto(`${stack.url}/dashboard/profile/`);
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    // A signature that no longer matches: API Gateway's authorizer answers 401.
    const refused = await tamperSession(page, (s) => ({ ...s, idToken: `${s.idToken.slice(0, s.idToken.lastIndexOf('.'))}.${base64url('forged')}` }));
    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/me')) statuses.push(response.status());
    });

    await page.reload();
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    expect(page.url()).toBe(`${stack.url}/dashboard/profile/`);
    expect(statuses).toEqual([401, 200]);
    expect(JSON.parse((await readSession(page))!).idToken).not.toBe(refused.idToken);
    await page.close();
  });

  it('expiring while the admin is on a page: the next action leads to sign-in, then back to that page', async () => {
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    // The session expires once the page has made its calls (the list, the statistics): one still to
    // come would meet the expired session before the click and lead to sign-in on its own (the
    // button shows with the page, and the list is asked for a moment later).
    const answered = (wanted: (url: string, body: string) => boolean) =>
      page.waitForResponse((response) => wanted(response.url(), response.request().postData() ?? ''));
    const pageCalls = Promise.all([
      answered((url) => url.includes('/api/admin/appointments?')),
      answered((url, body) => url.endsWith('/api/admin/appointments') && body.includes('"stats"')),
    ]);
    await page.goto(`${stack.url}/admin/appointments/?status=pending`);
    await pageCalls;
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await tamperSession(page, (s) => ({ ...s, idToken: expiredJwt(), expiresAt: Date.now() - 1000, refreshToken: 'revoked-refresh-token' }));

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const next = encodeURIComponent('/admin/appointments/?status=pending');
    await page.waitForURL(`${stack.url}/signin/?expired=1&next=${next}`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(EXPIRED_MESSAGE);

    await signInAgain(page, 'admin@example.com');
    await page.waitForURL(`${stack.url}/admin/appointments/?status=pending`);
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.close();
  });

  it('an unreadable stored session counts as expired, not as a broken page', async () => {
    const page = await signedInPage(browser, stack.url, 'jean.dupont@example.com');
    // Once the overview has made its calls: a call still on its way would meet the broken record first.
    await page.waitForLoadState('networkidle');
    await tamperSession(page, () => '{not json');
    await page.goto(`${stack.url}/dashboard/appointments/`);
    await page.waitForURL(`${stack.url}/signin/?expired=1&next=${encodeURIComponent('/dashboard/appointments/')}`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(EXPIRED_MESSAGE);
    await page.close();
  });

  it('signing out is not an expiry: the sign-in page shows no message', async () => {
    const page = await signedInPage(browser, stack.url, 'client@example.com');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${stack.url}/signin/`);
    await page.goto(`${stack.url}/dashboard/`);
    await page.waitForURL(`${stack.url}/signin/?next=${encodeURIComponent('/dashboard/')}`);
    await waitForIslands(page);
    expect(await page.getByText(EXPIRED_MESSAGE).count()).toBe(0);
    await page.close();
  });
});
