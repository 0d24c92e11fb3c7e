import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, SCREENSHOTS, signedInPage } from '../helpers/browser.ts';
import { idTokenFrom, startNpmStart, stopAllNpmStarts, type RunningNpmStart } from '../helpers/npm-start.ts';

/**
 * The seed's user flows through the UI of the product exactly as a new user starts it: `npm start`
 * as a child process (its own DynamoDB Local, cognito-local, gateway and demo data) on a free
 * port with a fresh DATA_DIR. Whatever is checked behind the UI goes through its HTTP API.
 */
let product: RunningNpmStart;
let browser: Browser;

beforeAll(async () => {
  // The site is already built by the global setup: npm start reuses it and is ready in seconds;
  // the margin is for a machine busy with other test files (the helper kills a start that hangs).
  [product, browser] = await Promise.all([startNpmStart({ timeoutMs: 150_000 }), launchBrowser()]);
  const rebuilt = product.output().includes('Building the site') ? ' (it rebuilt the site: sources newer than site/dist)' : ' (site/dist reused)';
  console.info(`[seed-flows] npm start ready at ${product.url} in ${(product.readyMs / 1000).toFixed(1)} s${rebuilt}`);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  // Ctrl-C to its whole process group (JVM and cognito-local included), SIGKILL if it lingers;
  // every start of this file, also one whose beforeAll failed before `product` was set.
  await stopAllNpmStarts();
});

const signedIn = (email: string) => signedInPage(browser, product.url, email);

/** The HTTP API of the running product, with a token its own Cognito gave. */
async function apiAs(email: string, path: string) {
  const response = await fetch(`${product.url}/api${path}`, { headers: { authorization: `Bearer ${await idTokenFrom(product.url, email)}` } });
  return { status: response.status, body: await response.json() };
}

/** Three weeks ahead, Wednesday 12:30 in the week view: clear of the seed's appointments. */
async function openTargetWeek(page: Page) {
  await page.getByRole('button', { name: 'Week' }).click();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /Next/ }).click();
}
/** A person's click on the empty 12:30 cell of Wednesday (react-big-calendar selects on mouse down/up). */
async function clickWednesdayAt1230(page: Page) {
  const column = (await page.locator('.rbc-time-content .rbc-day-slot').nth(2).boundingBox())!;
  const noon = page.locator('.rbc-time-gutter .rbc-timeslot-group').nth(12);
  await noon.scrollIntoViewIfNeeded();
  const hour = (await noon.boundingBox())!;
  await page.mouse.click(column.x + column.width / 2, hour.y + hour.height * 0.75);
}

describe('the seed user flows in a real browser, against npm start', () => {
  const title = `Technical Consultation ${randomUUID().slice(0, 6)}`;

  it('flow 1: the admin clicks a slot and sends a request to Jean; it shows in yellow', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${product.url}/admin/appointments/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    await openTargetWeek(page);
    await clickWednesdayAt1230(page);
    const dialog = page.getByRole('dialog', { name: 'Request Appointment with Client' });
    await dialog.waitFor();
    await dialog.getByLabel('Client email *').fill('nobody@example.com');
    await dialog.getByLabel('Title *').fill(title);
    await dialog.getByRole('button', { name: 'Send Request' }).click();
    await expect.poll(() => dialog.getByText('Client not found with this email').count()).toBe(1);
    await dialog.getByLabel('Client email *').fill('jean.dupont@example.com');
    await dialog.getByLabel('Description').fill('Discuss project architecture');
    await dialog.getByLabel('Location').fill('Paris Office');
    await dialog.getByLabel('Meeting URL').fill('https://meet.google.com/xyz');
    await dialog.getByLabel('Internal notes (admins only)').fill('VIP client - prepare demo');
    await screenshot(page, 'flow1-request-dialog');
    await dialog.getByRole('button', { name: 'Send Request' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Appointment request sent to client');
    const event = page.locator('.rbc-event', { hasText: title });
    await event.waitFor();
    expect(await event.getAttribute('class')).toContain('event-pending');
    expect(await event.textContent()).toContain('Jean Dupont');
    await screenshot(page, 'flow1-admin-calendar-pending');
    await page.close();
  });

  it('flow 2: Jean confirms it from the pending card, which then disappears; the admin sees it green', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${product.url}/dashboard/appointments/`);
    const card = page.getByRole('region', { name: /Rendez-vous en attente de confirmation/ });
    await card.waitFor();
    expect(await card.getByText('Ces rendez-vous ont été demandés par l’équipe et nécessitent votre confirmation').count()).toBe(1);
    const item = card.getByRole('listitem').filter({ hasText: title });
    expect(await item.getByText('Discuss project architecture').count()).toBe(1);
    expect(await item.getByText('Paris Office').count()).toBe(1);
    expect(await item.getByRole('link', { name: 'Détails' }).count()).toBe(1);
    await screenshot(page, 'flow2-pending-card');
    await item.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Rendez-vous confirmé !');
    await expect.poll(() => card.count()).toBe(0);
    await screenshot(page, 'flow2-confirmed');
    await page.close();

    const admin = await signedIn('admin@example.com');
    await admin.goto(`${product.url}/admin/appointments/calendar/`);
    await admin.locator('.rbc-time-view').waitFor();
    await openTargetWeek(admin);
    const event = admin.locator('.rbc-event', { hasText: title });
    await event.waitFor();
    expect(await event.getAttribute('class')).toContain('event-confirmed');
    await admin.close();
  });

  it('flow 3: a client moves through the calendar views and opens an event', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${product.url}/dashboard/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    for (const view of ['Mois', 'Jour', 'Agenda', 'Semaine']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      expect(await page.getByRole('button', { name: view, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await page.getByRole('button', { name: 'Mois', exact: true }).click();
    // The seed gives the client a confirmed "Consultation initiale" on the next weekday.
    let event = page.locator('.rbc-event', { hasText: 'Consultation initiale' });
    if ((await event.count()) === 0) {
      await page.getByRole('button', { name: /Suivant/ }).click();
      event = page.locator('.rbc-event', { hasText: 'Consultation initiale' });
    }
    await screenshot(page, 'flow3-client-month');
    await event.first().click();
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Consultation initiale');
    await screenshot(page, 'flow3-details');
    await page.close();
  });

  it('flow 4: the admin list shows the assigned admin and exports CSV', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${product.url}/admin/appointments/`);
    await page.getByRole('search').getByRole('searchbox').fill(title.split(' ').at(-1)!);
    // The search runs on the server: only the matching row (and the header) remain.
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.getByText('Alice Martin').count()).toBe(1);
    expect(await row.getByText('Jean Dupont').count()).toBe(1);
    await expect.poll(() => page.getByLabel(/Statistics for/).count()).toBe(1);
    await screenshot(page, 'flow4-admin-list');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^appointments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await download.createReadStream()).toArray();
    const [header, ...rows] = parseCsv(Buffer.concat(csv as Buffer[]).toString('utf8').replace(/^\uFEFF/, ''));
    const record = Object.fromEntries(header!.map((column, i) => [column, rows.find((r) => r.includes(title))![i]]));
    expect(record).toMatchObject({ title, status: 'confirmed', clientName: 'Jean Dupont', clientEmail: 'jean.dupont@example.com', assignedAdmin: 'admin@example.com', location: 'Paris Office' });
    await page.close();
  });

  it('a client is kept out of every /admin page, and the admin API refuses them too', async () => {
    const page = await signedIn('client@example.com');
    for (const path of ['/admin/', '/admin/appointments/', '/admin/appointments/calendar/', '/admin/availability/', '/admin/products/', '/admin/support/']) {
      await page.goto(`${product.url}${path}`);
      await page.getByRole('heading', { name: 'Accès réservé' }).waitFor();
      expect(await page.getByRole('link', { name: 'Retour à mon espace' }).getAttribute('href')).toBe('/dashboard/');
      // Nothing of the admin pages shows behind the notice.
      expect(await page.locator('main#content h1').allTextContents()).toEqual(['Accès réservé']);
      expect(await page.locator('.rbc-calendar, table').count()).toBe(0);
      if (path === '/admin/') await screenshot(page, 'client-blocked-from-admin');
    }
    expect((await apiAs('client@example.com', '/admin/appointments')).status).toBe(403);
    expect((await apiAs('client@example.com', '/admin/support/tickets')).status).toBe(403);
    await page.close();
  });

  it('a client sends a support ticket from the help centre; the admin finds it (page and API)', async () => {
    const page = await signedIn('client@example.com');
    await page.goto(`${product.url}/dashboard/support/`);
    await page.getByRole('heading', { name: 'Questions fréquentes' }).waitFor();
    await page.getByText('Comment confirmer un rendez-vous proposé par l’équipe ?').click();
    expect(await page.getByText('Cliquez sur « Confirmer »', { exact: false }).isVisible()).toBe(true);
    const subject = `Facture introuvable ${randomUUID().slice(0, 6)}`;
    const message = 'Je ne trouve pas la facture de mon dernier rendez-vous.';
    await page.getByLabel('Catégorie').selectOption({ label: 'Facturation / Paiement' });
    await page.getByLabel('Sujet').fill(subject);
    await page.getByLabel('Message').fill(message);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Votre message a bien été envoyé');
    // The form is emptied for the next message.
    expect(await page.getByLabel('Sujet').inputValue()).toBe('');
    await screenshot(page, 'support-ticket-sent');
    await page.close();

    const tickets = await apiAs('admin@example.com', '/admin/support/tickets?limit=100');
    expect(tickets.status).toBe(200);
    expect(tickets.body.data.find((t: { subject: string }) => t.subject === subject)).toMatchObject({
      category: 'billing',
      email: 'client@example.com',
      message,
      status: 'open',
    });

    const admin = await signedIn('admin@example.com');
    await admin.goto(`${product.url}/admin/support/`);
    const row = admin.getByRole('row').filter({ hasText: subject });
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'client@example.com' }).count()).toBe(1);
    expect(await row.getByText(message).count()).toBe(1);
    await screenshot(admin, 'admin-support-tickets');
    await admin.close();
  });
});

describe('the four seed flows by keyboard alone', () => {
  const title = `Keyboard Consultation ${randomUUID().slice(0, 6)}`;
  // Five to six weeks ahead, a Thursday, 16:00–17:00: clear of the seed, the mouse flows and the API tests' client requests (45 days on).
  const day = new Date();
  day.setDate(day.getDate() + 35 + ((4 - day.getDay() + 7) % 7));
  // As the admin pages take a date: YYYY-MM-DD, whatever the browser's locale.
  const typedDate = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;

  /** Tab, as a person would, until `reached` says the focus is where they want it. */
  async function tabTo(page: Page, reached: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await reached()) return;
    }
    throw new Error(`Tab never reached ${what}`);
  }
  const focusedButton = (page: Page, name: string, within?: string) => () =>
    page.evaluate(
      ([n, w]) => {
        const el = document.activeElement;
        const own = (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
        return (el?.tagName === 'BUTTON' || el?.getAttribute('role') === 'button') && (own === n || own.startsWith(n)) && (!w || !!el?.closest('li, tr, .rbc-event')?.textContent?.includes(w));
      },
      [name, within] as const,
    );
  const focusedId = (page: Page, id: string) => () => page.evaluate((i) => document.activeElement?.id === i, id);
  /**
   * A date-and-time group reached by Tab on its date (Tab selects the text, so typing replaces
   * it), then Tab past the calendar button to the 24-hour time.
   */
  async function typeDateTime(page: Page, id: string, time: string) {
    await page.keyboard.type(typedDate);
    await tabTo(page, focusedId(page, `${id}-time`), `${id} time`);
    await page.keyboard.type(time);
  }

  it('flow 1: the admin opens New request, fills it and sends it to Jean, keys only', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${product.url}/admin/appointments/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    await tabTo(page, focusedButton(page, 'New request'), 'New request');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Request Appointment with Client' });
    await dialog.waitFor();
    // The focus is in the dialog, on its first field.
    await page.keyboard.type('jean.dupont@example.com');
    await tabTo(page, focusedId(page, 'title'), 'Title');
    await page.keyboard.type(title);
    await tabTo(page, focusedId(page, 'start'), 'Start');
    await typeDateTime(page, 'start', '16:00');
    await tabTo(page, focusedId(page, 'end'), 'End');
    await typeDateTime(page, 'end', '17:00');
    await tabTo(page, focusedButton(page, 'Send Request'), 'Send Request');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Appointment request sent to client');
    await page.close();
  });

  it('flow 2: Jean confirms it from the pending card, keys only', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${product.url}/dashboard/appointments/`);
    await page.getByRole('listitem').filter({ hasText: title }).first().waitFor();
    await tabTo(page, focusedButton(page, 'Confirmer', title), `Confirmer on ${title}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Rendez-vous confirmé !');
    await page.close();
  });

  it('flow 3: Jean changes calendar views and opens the appointment from the month and the agenda, keys only', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${product.url}/dashboard/calendar/`);
    await page.locator('.rbc-time-view').waitFor();
    for (const view of ['Jour', 'Agenda', 'Mois']) {
      await tabTo(page, focusedButton(page, view), view);
      await page.keyboard.press('Enter');
      expect(await page.getByRole('button', { name: view, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    // Onward to the month of the appointment (Suivant), then Tab onto the event and Enter.
    const month = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric' }).format(day).toLowerCase();
    const label = async () => ((await page.locator('.calendar-label').textContent()) ?? '').toLowerCase();
    for (let i = 0; i < 3 && (await label()) !== month; i++) {
      await tabTo(page, focusedButton(page, 'Suivant'), 'Suivant');
      await page.keyboard.press('Enter');
    }
    expect(await label()).toBe(month);
    await page.locator('.rbc-event', { hasText: title }).waitFor();
    await tabTo(page, focusedButton(page, title), `the event ${title}`);
    // The viewport only: a full-page capture resizes the page, and the month grid re-lays out its rows (focus and all).
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keyboard-month-event-focused.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);

    await page.goBack();
    await page.locator('.rbc-calendar').waitFor();
    await tabTo(page, focusedButton(page, 'Agenda'), 'Agenda');
    await page.keyboard.press('Enter');
    const listed = () => page.locator('.rbc-agenda-view').getByText(title).count();
    for (let i = 0; i < 3 && (await listed()) === 0; i++) {
      await tabTo(page, focusedButton(page, 'Suivant'), 'Suivant');
      await page.keyboard.press('Enter');
    }
    await tabTo(page, focusedButton(page, title), `the agenda's ${title}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]{36}$/);
    await page.close();
  });

  it('flow 4: the admin finds it in the list and exports CSV, keys only', async () => {
    const page = await signedIn('admin@example.com');
    await page.goto(`${product.url}/admin/appointments/`);
    await page.getByRole('search').getByRole('searchbox').waitFor();
    await tabTo(page, () => page.evaluate(() => document.activeElement?.getAttribute('type') === 'search'), 'the search box');
    await page.keyboard.type(title.split(' ').at(-1)!);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    expect(await page.getByRole('row').filter({ hasText: title }).getByText('Confirmed').count()).toBe(1);
    await tabTo(page, focusedButton(page, 'Export CSV'), 'Export CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const csv = Buffer.concat((await (await download.createReadStream()).toArray()) as Buffer[]).toString('utf8');
    expect(csv).toContain(title);
    await page.close();
  });
});

describe('the local sandbox providers of npm start (no real credentials given)', () => {
  it("Jean pays his €50 appointment on the sandbox checkout; Lago's signed webhook marks it paid", async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${product.url}/dashboard/payments/`);
    await page.getByText('Paiement de démonstration : aucun argent ne circule.').waitFor();
    const item = page.getByRole('listitem').filter({ hasText: 'Consultation approfondie' });
    await item.getByRole('button', { name: /^Payer/ }).click();
    // The checkout is the sandbox's own page, and says so.
    await page.waitForURL(/\/sandbox\/pay\//);
    expect(await page.getByText('Bac à sable local · Local sandbox').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'sandbox-checkout-390');
    // By keyboard: the first button is the payment.
    await page.getByRole('button', { name: 'Payer 50,00 €' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${product.url}/dashboard/payments/`);
    await item.getByText('Payé').waitFor();
    const paid = await apiAs('jean.dupont@example.com', '/appointments?limit=100');
    expect(paid.body.data.find((a: { title: string }) => a.title === 'Consultation approfondie')).toMatchObject({ isPaid: true });
    await page.close();
  });

  it('Jean connects Google through the sandbox consent page; declining Outlook there brings him back with a French message', async () => {
    const page = await signedIn('jean.dupont@example.com');
    await page.goto(`${product.url}/dashboard/calendar/settings/`);
    const google = page.locator('[data-provider=google]');
    await google.getByText('Bac à sable local').waitFor();
    await google.getByRole('button', { name: 'Connecter' }).click();
    await page.waitForURL(/\/o\/oauth2\/v2\/auth/);
    await page.getByLabel('Compte de démonstration (e-mail)').fill('jean.agenda@gmail.test');
    await screenshot(page, 'sandbox-google-consent');
    await page.getByRole('button', { name: 'Autoriser' }).click();
    await page.waitForURL(/\/dashboard\/calendar\/settings/);
    await google.getByText('jean.agenda@gmail.test').waitFor();
    const connections = await apiAs('jean.dupont@example.com', '/calendar');
    expect(connections.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ provider: 'google', email: 'jean.agenda@gmail.test', status: 'active' })]));

    await page.locator('[data-provider=microsoft]').getByRole('button', { name: 'Connecter' }).click();
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize/);
    await page.getByRole('button', { name: 'Refuser' }).click();
    await page.waitForURL(/\/dashboard\/calendar\/settings/);
    await page.getByText('Vous avez refusé l’accès à votre calendrier.').waitFor();
    await page.close();
  });
});

/** RFC 4180 as the export writes it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endField();
    } else if (!quoted && c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (quoted || c !== '\r') {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
