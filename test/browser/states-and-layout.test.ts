import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTokens, registeredUser } from '../helpers/fixtures.ts';
import { launchBrowser, screenshot, seriousViolations, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Loading, empty and error states and the layout of what pages show (issue 8): a failed CSV
 * export, a client on an admin URL, location and video side by side, short calendar events.
 */
let stack: TestStack;
let browser: Browser;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

/** Wednesday of the week after next, 12:30 UTC: two "Next" clicks away in the week view, clear of the seed. */
function wednesdayInTwoWeeks(hour = 12, minute = 30) {
  const now = new Date();
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * 86_400_000;
  const day = new Date(monday + 16 * 86_400_000);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute));
}

const suffix = randomUUID().slice(0, 4);
/** The client's 30-minute appointment, with both a place and a video link, confirmed by the admin. */
const short = { title: `Point rapide ${suffix}`, location: 'Bureau de Lyon', meetingUrl: 'https://meet.example.com/point-rapide' };
/** The client's 90-minute one, on the same Wednesday afternoon (its range label stays). */
const long = { title: `Atelier long ${suffix}` };

beforeAll(async () => {
  await useOwnSeededTable('states');
  [stack, browser, tokens] = await Promise.all([startTestStack({ site: true }), launchBrowser(), demoTokens()]);
  const start = wednesdayInTwoWeeks();
  const longStart = wednesdayInTwoWeeks(14, 0);
  for (const [fields, from, minutes] of [
    [short, start, 30],
    [long, longStart, 90],
  ] as const) {
    const created = await call(`${stack.url}/api/appointments`, {
      method: 'POST',
      token: tokens.client,
      json: { ...fields, startTime: from.toISOString(), endTime: new Date(from.getTime() + minutes * 60_000).toISOString() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const confirmed = await call(`${stack.url}/api/appointments/${created.body.data.id}`, {
      method: 'PUT',
      token: tokens.admin,
      json: { status: 'confirmed', version: created.body.data.version, overrideAvailability: true },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signedIn = (email: string) => signedInPage(browser, stack.url, email);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the admin list: a failed CSV export says why', () => {
  it('shows the API’s own message (400) and a network failure as an alert; a later export clears it', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByRole('table').waitFor();
    const exportButton = page.getByRole('button', { name: 'Export CSV' });

    // A query the API refuses (400): the page must say what the API said.
    const refused = await call(`${stack.url}/api/admin/appointments/export?startDate=not-a-date`, { token: tokens.admin });
    expect(refused.status).toBe(400);
    await page.route('**/api/admin/appointments/export*', (route) => route.continue({ url: `${route.request().url()}&startDate=not-a-date` }));
    await exportButton.click();
    const alert = page.getByRole('alert').filter({ hasText: 'The export failed' });
    await alert.waitFor();
    // The API's reason, without its schema path (query.startDate): the field as the page names it.
    expect(refused.body.error).toBe('Invalid request: query.startDate: must be an ISO 8601 date or date-time');
    expect(await alert.textContent()).toContain('From: must be an ISO 8601 date or date-time');
    expect(await alert.textContent()).not.toContain('query.');
    expect(await alert.textContent()).toContain('Narrow the list');
    await screenshot(page, 'admin-export-refused');
    expect(await seriousViolations(page)).toEqual([]);

    // No answer at all (network down).
    await page.unroute('**/api/admin/appointments/export*');
    await page.route('**/api/admin/appointments/export*', (route) => route.abort('failed'));
    await exportButton.click();
    await expect.poll(() => alert.textContent()).toContain('The server could not be reached');
    await screenshot(page, 'admin-export-network-error');

    // Dismissed by hand, focus back on the button; and a successful export leaves no alert.
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await alert.count()).toBe(0);
    expect(await exportButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.unroute('**/api/admin/appointments/export*');
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^appointments-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await alert.count()).toBe(0);
    await page.close();
  });
});

describe('a client on an admin URL', () => {
  /** /me answered only after `ms`: what the page shows while it loads. */
  /** /me answers late, and the tab has no profile remembered from sign-in (an old tab), so the frame waits for it. */
  async function slowMe(page: Page, ms: number) {
    await page.evaluate(() => sessionStorage.removeItem('booking.profile'));
    await page.route('**/api/me', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await route.continue();
    });
  }

  it('sees the "Accès réservé" card alone, in French, with a way back; no admin navigation, not even while loading', async () => {
    const page = await signedIn('client@example.com');
    await slowMe(page, 1_500);
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByText('Chargement…').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Calendar' }).count()).toBe(0);

    await page.getByRole('heading', { name: 'Accès réservé' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.locator('aside, .sidebar').count()).toBe(0);
    // Nothing English of the admin frame: no admin links, no page title, French sign-out.
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(text).not.toMatch(/Dashboard|Appointments|Availability|Products|Support tickets|Sign out/);
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
    const back = page.getByRole('link', { name: 'Retour à mon espace' });
    expect(await back.getAttribute('href')).toBe('/dashboard/');
    expect(await page.title()).toBe('Accès réservé · Rendez-vous');
    // Screen readers read the card in French, though the admin pages are English.
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'client-on-admin-url');
    await back.click();
    await page.waitForURL(/\/dashboard\/$/);
    await page.close();
  });

  it('an admin still gets the admin navigation at once, before /me answers', async () => {
    const page = await signedIn('admin@example.com');
    await slowMe(page, 1_500);
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByRole('status').filter({ hasText: 'Loading…' }).first().waitFor();
    // Placeholders shaped like the page hold its place meanwhile, not a blank.
    expect(await page.locator('.skeleton').count()).toBeGreaterThan(0);
    const nav = page.getByRole('navigation', { name: 'Administration' });
    expect(await nav.getByRole('link', { name: 'Appointments' }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Appointments' }).waitFor();
    expect(await nav.getByRole('link').count()).toBeGreaterThan(3);
    // The admin pages are English, and say so to screen readers.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.close();
  });
});

describe('empty lists say what to do next', () => {
  it("a new client's list offers to request an appointment; an admin's filters that match nothing offer to clear them", async () => {
    const client = await registeredUser(stack.url);
    const page = await signedInPage(browser, stack.url, client.email);
    await page.goto(`${stack.url}/dashboard/appointments/`);
    await page.getByText('Vous n’avez pas encore de rendez-vous.').waitFor();
    expect(await page.getByRole('link', { name: 'Demander un rendez-vous' }).getAttribute('href')).toBe('/dashboard/appointments/new/');
    await screenshot(page, 'client-appointments-empty');
    await page.close();

    const admin = await signedInPage(browser, stack.url, 'admin@example.com');
    await admin.goto(`${stack.url}/admin/appointments/?q=${encodeURIComponent(`personne-${randomUUID()}`)}`);
    const clear = admin.getByRole('button', { name: 'Clear all filters' });
    await clear.waitFor();
    expect(await admin.getByText('No appointment matches these filters.').count()).toBe(1);
    await clear.click();
    await expect.poll(() => admin.getByRole('row').count()).toBeGreaterThan(1);
    expect(await admin.getByRole('search').getByRole('searchbox').inputValue()).toBe('');
    await admin.close();
  });
});

describe('the client’s list: location and video indicator', () => {
  it('a row with both a location and a meeting link shows both, as the pending card does', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${stack.url}/dashboard/appointments/`);
    const card = page.locator('.appointment-card', { hasText: short.title });
    await card.waitFor();
    expect(await card.getByText('Bureau de Lyon').count()).toBe(1);
    expect(await card.getByText('Visioconférence').count()).toBe(1);
    // The seed's pending request with both ("Virtual" + a link) in the pending card.
    const pending = page.locator('.pending-item', { hasText: 'Suivi mensuel' });
    expect(await pending.getByText('Virtual').count()).toBe(1);
    expect(await pending.getByText('Visioconférence').count()).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'client-list-location-and-video');
    await page.close();
  });
});

describe('short events in the week view', () => {
  /** Whether `text` lies wholly inside the event's box (not wrapped or pushed out of it, not behind its edge). */
  async function textInsideEvent(event: Locator, text: string) {
    return event.evaluate((el, wanted) => {
      const box = el.getBoundingClientRect();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const rects = [...range.getClientRects()];
        return rects.length > 0 && rects.every((r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5);
      }
      return false;
    }, text);
  }

  async function openWeekInTwoWeeks(page: Page, week: string, next: RegExp) {
    await page.locator('.rbc-time-view, .rbc-month-view').first().waitFor();
    await page.getByRole('button', { name: week, exact: true }).click();
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: next }).click();
  }

  it.each([
    // The admin's also says who of the team runs it (the admin who confirmed took it).
    ['admin', 'admin@example.com', '/admin/appointments/calendar/', 'Week', /Next/, `${short.title} — Chloé Bernard (Confirmed, with Alice Martin)`],
    ['client', 'client@example.com', '/dashboard/calendar/', 'Semaine', /Suivant/, `${short.title} (Confirmé)`],
  ] as const)('%s calendar: a 30-minute event shows its whole title (and client); its tooltip and accessible name say all of it (for admins with the assigned admin)', async (who, email, path, week, next, description) => {
    const page = await signedIn(email);
    await page.goto(`${stack.url}${path}`);
    await openWeekInTwoWeeks(page, week, next);
    const event = page.locator('.rbc-event', { hasText: short.title });
    await event.waitFor();
    await event.scrollIntoViewIfNeeded();
    expect(await textInsideEvent(event, short.title)).toBe(true);
    if (who === 'admin') expect(await event.locator('.event-person').textContent()).toBe('Chloé Bernard');
    // The week's heading with its year, day before month: "14 – 20 December 2026" / "14 – 20 décembre 2026".
    const heading = (await page.locator('.calendar-label').textContent()) ?? '';
    expect(heading).toMatch(who === 'admin' ? /^\d{1,2}( [A-Z][a-z]+)? – \d{1,2} [A-Z][a-z]+ \d{4}$/ : /^\d{1,2}( [a-zéû]+)? – \d{1,2} [a-zéû]+ \d{4}$/);
    // Its text (at most two lines) fits the event: nothing hangs out of it.
    const [eventBox, contentBox] = [await event.boundingBox(), await event.locator('.rbc-event-content').boundingBox()];
    expect(contentBox!.height).toBeLessThanOrEqual(eventBox!.height + 0.5);
    // Hover text and the accessible name: the range, title, client (admin) and status.
    expect(await event.getAttribute('title')).toMatch(new RegExp(`^\\d{2}:\\d{2} – \\d{2}:\\d{2}: ${escapeRegExp(description)}$`));
    const name = who === 'admin' ? `${short.title} · Chloé Bernard (Confirmed, with Alice Martin)` : `${short.title} (Confirmé)`;
    expect(await event.getAttribute('role')).toBe('button');
    expect(await event.ariaSnapshot()).toMatch(new RegExp(`^- button "\\d{2}:\\d{2} ${escapeRegExp(name)}"$`));

    // The 90-minute one keeps its range label, then the title.
    const longEvent = page.locator('.rbc-event', { hasText: long.title });
    expect(await longEvent.locator('.rbc-event-label').isVisible()).toBe(true);
    expect(await textInsideEvent(longEvent, long.title)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `${who}-calendar-short-event`);

    // The month view: one line per event, its tooltip as in the week.
    await page.getByRole('button', { name: who === 'admin' ? 'Month' : 'Mois', exact: true }).click();
    const inMonth = page.locator('.rbc-month-view .rbc-event', { hasText: short.title });
    await inMonth.waitFor();
    expect(await inMonth.locator('.rbc-event-content').getAttribute('title')).toBe(description);
    // Long titles are cut inside their day: the page does not grow sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(page, `${who}-calendar-month`);
    await page.close();
  });
});
