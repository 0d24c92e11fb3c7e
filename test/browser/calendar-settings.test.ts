import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { launchBrowser, screenshot, seriousViolations, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { startFakeGoogle, type FakeGoogle } from '../../local/sandbox/google.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The calendar settings page against the real connection API and a local Google (the fake's
 * authorize endpoint consents at once and redirects back to our callback): connect, sync now,
 * disconnect; a provider without credentials; the banners the callback's outcomes show.
 */

const SETTINGS = '/dashboard/calendar/settings/';
const ACCOUNT = 'chloe.bernard.agenda@gmail.test';

let stack: TestStack;
let browser: Browser;
let google: FakeGoogle;
const savedEnv: Record<string, string | undefined> = {};

/** Sets (or, for undefined, removes) variables the handlers read, remembering the old values. */
function setEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in savedEnv)) savedEnv[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
}

beforeAll(async () => {
  await useOwnSeededTable('calendar-ui');
  google = await startFakeGoogle();
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
  // The callback and the redirect back use SITE_URL: this stack's address (known only now).
  setEnv({
    ...google.env,
    SITE_URL: stack.url,
    GOOGLE_REDIRECT_URI: `${stack.url}/api/calendar/callback/google`,
    LOCAL_TOKEN_MASTER_KEY: randomBytes(32).toString('base64'),
    // Outlook stays unconfigured: its card offers a disabled button.
    MICROSOFT_CLIENT_ID: undefined,
    MICROSOFT_CLIENT_SECRET: undefined,
  });
  google.setConsent(ACCOUNT);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await google?.stop();
  setEnv(savedEnv);
});

const signedIn = (email: string) => signedInPage(browser, stack.url, email);


/** A provider's card: a region named by its heading. */
const card = (page: Page, name: 'Google Calendar' | 'Microsoft Outlook'): Locator => page.getByRole('region', { name });
/** "Connecter" exactly: "Reconnecter" and "Déconnecter" contain it. */
const connectButton = (region: Locator) => region.getByRole('button', { name: 'Connecter', exact: true });
const banner = (page: Page) => page.getByTestId('calendar-banner');

async function openSettings(page: Page, query = '') {
  await page.goto(`${stack.url}${SETTINGS}${query}`);
  await card(page, 'Google Calendar').waitFor();
}

describe('calendar settings page', () => {
  it('health says which providers this server can connect', async () => {
    const { body } = await call(`${stack.url}/api/health`);
    expect(body.data.calendar).toEqual({ google: true, microsoft: false });
  });

  it('a client connects Google through the OAuth round trip, syncs it, and disconnects it', async () => {
    const page = await signedIn('client@example.com');
    await openSettings(page);
    const googleCard = card(page, 'Google Calendar');
    expect(await googleCard.getByText('Non connecté.').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'calendar-settings-not-connected');

    // Our API → the fake's authorize endpoint (auto-consent, 302) → our callback (302) → back here.
    google.resetRequests();
    await connectButton(googleCard).click();
    await banner(page).waitFor({ timeout: 15_000 });
    expect(await banner(page).textContent()).toContain('Google Calendar est connecté');
    expect(await banner(page).getAttribute('role')).toBe('status');
    // The parameters leave the address once read (a reload does not show the banner again).
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(() => googleCard.getByText('Actif', { exact: true }).count()).toBe(1);
    expect(await googleCard.getByText(ACCOUNT).count()).toBe(1);
    expect(await connectButton(googleCard).count()).toBe(0);
    const authorize = google.requests.find((r) => r.path === '/o/oauth2/v2/auth');
    expect(authorize?.query).toMatchObject({ code_challenge_method: 'S256', redirect_uri: `${stack.url}/api/calendar/callback/google` });
    expect(google.requests.some((r) => r.path === '/token' && r.status === 200)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'calendar-settings-connected');

    const token = await idTokenFor('client@example.com');
    const listed = await call(`${stack.url}/api/calendar`, { token });
    expect(listed.body.data).toEqual([expect.objectContaining({ provider: 'google', email: ACCOUNT, status: 'active', isActive: true })]);
    expect(JSON.stringify(listed.body.data)).not.toMatch(/token/i);

    // Sync now: queued (202), then refused for a minute (429), both said in French.
    await googleCard.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await expect.poll(() => googleCard.getByRole('status').textContent()).toContain('Synchronisation demandée');
    await googleCard.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await expect.poll(() => googleCard.getByRole('alert').textContent()).toContain('il y a moins d’une minute');

    // Disconnect asks first, says appointments stay; cancelling keeps the connection.
    await googleCard.getByRole('button', { name: 'Déconnecter' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Déconnecter Google Calendar ?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Vos rendez-vous restent dans votre espace');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annuler');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'calendar-settings-disconnect-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await googleCard.getByText(ACCOUNT).count()).toBe(1);

    await googleCard.getByRole('button', { name: 'Déconnecter' }).click();
    await dialog.getByRole('button', { name: 'Déconnecter' }).click();
    await connectButton(googleCard).waitFor();
    await expect.poll(() => banner(page).textContent()).toContain('Google Calendar est déconnecté');
    // The button that had the focus is gone: the focus goes to the message, which is read out.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('calendar-banner');
    expect(await googleCard.getByText(ACCOUNT).count()).toBe(0);
    expect((await call(`${stack.url}/api/calendar`, { token })).body.data).toEqual([]);
    // The grant was revoked at Google, not only forgotten here.
    expect(google.requests.some((r) => r.path === '/revoke' && r.status === 200)).toBe(true);
    await screenshot(page, 'calendar-settings-disconnected');
    await page.close();
  });

  it('says so when the user declines at Google, and nothing is connected', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await openSettings(page);
    google.setConsent('deny');
    try {
      await connectButton(card(page, 'Google Calendar')).click();
      await banner(page).waitFor({ timeout: 15_000 });
      expect(await banner(page).textContent()).toContain('Vous avez refusé l’accès à votre calendrier.');
      expect(await banner(page).getAttribute('role')).toBe('alert');
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await connectButton(card(page, 'Google Calendar')).waitFor();
    } finally {
      google.setConsent(ACCOUNT);
    }
    expect((await call(`${stack.url}/api/calendar`, { token: await idTokenFor('jean.dupont@example.com') })).body.data).toEqual([]);
    await page.close();
  });

  it('a provider without credentials on this server offers a disabled button', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await openSettings(page);
    const outlook = card(page, 'Microsoft Outlook');
    await expect.poll(() => connectButton(outlook).isDisabled()).toBe(true);
    expect(await outlook.getByText('Non configuré sur ce serveur').isVisible()).toBe(true);
    expect(await connectButton(card(page, 'Google Calendar')).isDisabled()).toBe(false);
    await page.close();
  });

  it('explains each error the OAuth callback can send back, then cleans the address', async () => {
    const page = await signedIn('jean.dupont@example.com');
    const texts = {
      state_expired: 'La demande de connexion a expiré, recommencez.',
      invalid_state: 'La vérification de sécurité a échoué, recommencez depuis cette page.',
      access_denied: 'Vous avez refusé l’accès à votre calendrier.',
      exchange_failed: 'Le fournisseur n’a pas pu finaliser la connexion, réessayez.',
      not_configured: 'Ce calendrier n’est pas configuré sur ce serveur ; contactez l’équipe.',
    };
    for (const [code, text] of Object.entries(texts)) {
      await openSettings(page, `?error=${code}`);
      await expect.poll(() => banner(page).textContent()).toContain(text);
      expect(await banner(page).getAttribute('role')).toBe('alert');
      expect(new URL(page.url()).search).toBe('');
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'calendar-settings-error-banner');
    await page.close();
  });

  it('admins reach the page from their navigation and read that their busy time blocks slots', async () => {
    const page = await signedIn('admin@example.com');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Calendar settings' }).click();
    // Their own page, in English like the rest of the admin area.
    await page.waitForURL(`${stack.url}/admin/calendar-sync/`);
    await card(page, 'Google Calendar').waitFor();
    // The menu, the page's heading, its top bar and the browser tab all call it the same.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendar settings');
    expect(await page.locator('.topbar .page-title').textContent()).toBe('Calendar settings');
    expect(await page.title()).toBe('Calendar settings · Rendez-vous');
    expect(await page.getByText('the busy times in your calendar block the slots offered for booking', { exact: false }).count()).toBe(1);
    await page.close();
  });

  it('the client calendar page links to the settings', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/calendar/`);
    await page.getByRole('main').getByRole('link', { name: 'Paramètres du calendrier' }).click();
    await page.waitForURL(`${stack.url}${SETTINGS}`);
    expect(await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Paramètres du calendrier' }).getAttribute('aria-current')).toBe('page');
    await page.close();
  });
});
