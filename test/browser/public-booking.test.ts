import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEnvironment } from '../../local/runtime.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { launchBrowser, screenshot, seriousViolations, signedInPage, skippedHeadingLevels, useOwnSeededTable, waitForIslands } from '../helpers/browser.ts';
import { dayAhead, registeredUser, wallClock } from '../helpers/fixtures.ts';
import { outboxFor } from '../helpers/outbox.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Public booking as a visitor meets it (issue 18), on a phone (390×844) in French and on a desktop
 * in English by keyboard: the product's shared link, a day and a time in the visitor's zone, the
 * form, the e-mail's link that confirms, the manage link that moves and cancels; the team accepts
 * the request in between and the manage page says so. Each test has its own admin offering its own
 * public product on one weekend day, so no other booking can take its times.
 */
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, timezoneId: 'Europe/Paris', locale: 'fr-FR' };
const DESKTOP = { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris', locale: 'en-GB' };

let stack: TestStack;
let browser: Browser;
let outbox: string;
let adminToken: string;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(os.tmpdir(), 'public-booking-pages-outbox-'));
  useEnvironment({ OUTBOX_DIR: outbox });
  await useOwnSeededTable('public-booking-pages');
  [stack, browser] = await Promise.all([startTestStack({ site: true, consumers: true }), launchBrowser()]);
  adminToken = await idTokenFor('admin@example.com');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await rm(outbox, { recursive: true, force: true });
});

/** A fresh admin offering a new public product (60 minutes, 09:00–12:00 Paris) every week on one weekend day; that day, 10 to 30 days ahead. */
async function publicProduct() {
  const admin = await registeredUser(stack.url, { admin: true });
  const slug = `bilan-${randomUUID().slice(0, 8)}`;
  const created = await call(`${stack.url}/api/admin/products`, {
    method: 'POST',
    token: adminToken,
    json: { name: `Bilan ${slug.slice(6)}`, description: 'Un premier échange pour faire le point.', durationMinutes: 60, slug, isPublic: true, requiresConfirmation: true },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const weekend = Array.from({ length: 21 }, (_, i) => dayAhead(10 + i)).filter((d) => d.dayOfWeek === 0 || d.dayOfWeek === 6);
  const { date, dayOfWeek } = weekend[Math.floor(Math.random() * weekend.length)]!;
  const window = await call(`${stack.url}/api/admin/availability/slots`, {
    method: 'POST',
    token: admin.idToken,
    json: { dayOfWeek, startTime: '09:00', endTime: '12:00', duration: 60, productId: created.body.data.id, maxAppointments: 1 },
  });
  expect(window.status, JSON.stringify(window.body)).toBe(201);
  return { id: created.body.data.id as string, name: created.body.data.name as string, slug, date, at: (time: string) => wallClock(date, time) };
}

const gridSettled = (scope: Page | Locator) => scope.locator('table[role="grid"][aria-busy="false"]').waitFor();

/** Moves the picker in `scope` to the month of `date` with its "next month" button. */
async function showMonthOf(scope: Page | Locator, date: string, nextMonth: string) {
  await gridSettled(scope);
  for (let i = 0; i < 3 && (await scope.locator(`button[data-date="${date}"]`).count()) === 0; i++) {
    await scope.getByRole('button', { name: nextMonth }).click();
    await gridSettled(scope);
  }
}

/** The confirmation link of the visitor's latest e-mail, once it is in the outbox. */
async function confirmationLink(email: string): Promise<{ link: string; subject: string }> {
  let found: { link: string; subject: string } | undefined;
  await expect
    .poll(async () => {
      const mail = (await outboxFor(outbox, email)).findLast((m) => /\/book\/confirm\/\?token=/.test(m.text));
      const link = mail && /https?:\/\/\S+\/book\/confirm\/\?token=[A-Za-z0-9_-]{43}(?:&lang=en)?/.exec(mail.text)?.[0];
      found = link ? { link, subject: mail.subject } : undefined;
      return found;
    }, { timeout: 10_000 })
    .toBeDefined();
  return found!;
}

/** The page's path and query on the test's stack (the e-mail names the configured site). */
const onStack = (link: string) => {
  const url = new URL(link);
  return `${stack.url}${url.pathname}${url.search}`;
};

async function fitsAndIsClean(page: Page, name: string) {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px`).toBeLessThanOrEqual(width);
  expect(await seriousViolations(page), `axe on ${name} at ${width}px`).toEqual([]);
  expect(await skippedHeadingLevels(page), `headings of ${name} at ${width}px`).toEqual([]);
  await screenshot(page, `public-booking-${width}-${name}`);
}

/** The team accepts the request on its admin page. */
async function adminConfirms(appointmentId: string) {
  const admin = await signedInPage(browser, stack.url, 'admin@example.com');
  await admin.goto(`${stack.url}/admin/appointments/${appointmentId}`);
  await admin.getByRole('button', { name: 'Confirm', exact: true }).click();
  await admin.locator('.details .badge-confirmed').waitFor();
  await admin.close();
}

const manageTokenOf = (page: Page) => new URL(page.url()).searchParams.get('token')!;

describe('public booking pages', () => {
  it('on a phone, in French: books from the shared link, confirms from the e-mail, is accepted by the team, then moves and cancels from the manage link', async () => {
    const product = await publicProduct();
    const page = await (await browser.newContext(PHONE)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // The list of public products leads to the product's own link.
    await page.goto(`${stack.url}/book/`);
    await waitForIslands(page);
    const card = page.locator('.product-card', { hasText: product.name });
    await card.waitFor();
    expect(await card.textContent()).toContain('60 min · Gratuit');
    await card.getByRole('link', { name: `Choisir un créneau pour ${product.name}` }).click();
    await page.waitForURL(`${stack.url}/book/${product.slug}/`);
    await waitForIslands(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(product.name);
    expect(await page.getByLabel('Fuseau horaire').inputValue()).toBe('Europe/Paris');

    // A day, a time, in the visitor's zone, named on screen.
    await showMonthOf(page, product.date, 'Mois suivant');
    await page.locator(`button[data-date="${product.date}"]`).click();
    const times = page.getByRole('list', { name: /^Horaires du / }).getByRole('button');
    await expect.poll(() => times.allTextContents()).toEqual(['09:00', '10:00', '11:00']);
    expect(await page.getByText('Heures en Europe/Paris').count()).toBe(1);

    // The form says what is missing beside each field, in French.
    await page.getByRole('button', { name: 'Réserver', exact: true }).click();
    expect(await page.locator('#book-name-error').textContent()).toBe('Indiquez votre nom.');
    expect(await page.locator('#book-email-error').textContent()).toBe('Indiquez votre adresse e-mail.');
    expect(await page.locator('#book-slot-error').textContent()).toBe('Choisissez d’abord un créneau.');
    // The honeypot is out of sight, out of the tab order and of the accessibility tree.
    const honeypot = page.locator('#book-website');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.getAttribute('autocomplete')).toBe('off');
    expect(await page.locator('.honeypot').getAttribute('aria-hidden')).toBe('true');
    expect((await honeypot.boundingBox())!.x + 1).toBeLessThan(0);

    await times.nth(1).click();
    const email = `visiteur.${randomUUID().slice(0, 8)}@example.org`;
    await page.getByLabel('Nom et prénom').fill('Camille Martin');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Téléphone (facultatif)').fill('+33 6 12 34 56 78');
    await page.getByLabel('Note pour l’équipe (facultatif)').fill('Première visite');
    // Another visitor holds 10:00 first: the refusal reads in French beside the times, which load again without it.
    expect((await call(`${stack.url}/api/public/bookings`, { method: 'POST', json: { productId: product.id, startTime: product.at('10:00'), timezone: 'Europe/Paris', name: 'Autre', email: `autre.${randomUUID().slice(0, 8)}@example.org` } })).status).toBe(202);
    await page.getByRole('button', { name: 'Réserver', exact: true }).click();
    await expect.poll(() => page.locator('#book-slot-error').textContent()).toBe('Ce créneau vient d’être pris : choisissez-en un autre.');
    await showMonthOf(page, product.date, 'Mois suivant');
    await page.locator(`button[data-date="${product.date}"]`).click();
    await expect.poll(() => times.allTextContents()).toEqual(['09:00', '11:00']);
    for (const box of await page.locator('.book-page button:visible, .book-page input:visible, .book-page select:visible').evaluateAll((all) => all.map((el) => el.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(40);
    }
    await fitsAndIsClean(page, 'product');

    await times.first().click();
    // Enter in a field books.
    await page.getByLabel('Téléphone (facultatif)').press('Enter');
    await page.getByRole('heading', { name: 'Vérifiez votre boîte e-mail' }).waitFor();
    expect(await page.locator('.book-sent').textContent()).toMatch(new RegExp(`Nous avons envoyé un lien de confirmation à ${email.replace('.', '\\.')}\\..*vous est réservé jusqu’à \\d{2}:\\d{2} \\(Europe/Paris\\)`));
    await fitsAndIsClean(page, 'sent');

    // The e-mail's link confirms: a request the team still has to accept.
    const { link, subject } = await confirmationLink(email);
    expect(subject).toBe(`Confirmez votre rendez-vous : ${product.name}`);
    expect(link).not.toContain('lang=');
    await page.goto(onStack(link));
    await page.getByRole('heading', { level: 1, name: 'Demande enregistrée' }).waitFor();
    expect(await page.locator('.details .badge').textContent()).toBe('En attente');
    expect(await page.locator('.details .facts').textContent()).toContain('09:00 - 10:00 (Europe/Paris)');
    await fitsAndIsClean(page, 'confirmed');

    await page.getByRole('link', { name: 'Gérer ma réservation' }).click();
    await page.waitForURL(/\/book\/manage\/\?token=/);
    await page.getByRole('heading', { level: 1, name: 'Ma réservation' }).waitFor();
    await page.locator('.details .badge-pending').waitFor();
    const { body } = await call(`${stack.url}/api/public/bookings/manage?token=${manageTokenOf(page)}`);
    const appointmentId = body.data.id as string;
    expect(await getAppointment(appointmentId)).toMatchObject({ status: 'pending', startTime: product.at('09:00'), attendeeEmail: email, clientNote: 'Première visite' });

    // The team accepts it; the visitor's page says so.
    await adminConfirms(appointmentId);
    await page.reload();
    await page.locator('.details .badge-confirmed').waitFor();
    expect(await page.locator('.details .badge').textContent()).toBe('Confirmé');
    await fitsAndIsClean(page, 'manage');

    // Moved to 11:00 the same day, with the same picker.
    await page.getByRole('button', { name: 'Changer d’horaire' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choisir un autre horaire' });
    await showMonthOf(dialog, product.date, 'Mois suivant');
    await dialog.locator(`button[data-date="${product.date}"]`).click();
    await dialog.getByRole('button', { name: '11:00' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: 'Déplacer' }).click();
    await expect.poll(() => page.locator('.book-status-line').textContent()).toBe('Rendez-vous déplacé.');
    expect(await page.locator('.details .facts').textContent()).toContain('11:00 - 12:00 (Europe/Paris)');
    expect(await getAppointment(appointmentId)).toMatchObject({ startTime: product.at('11:00') });

    // Cancelled with a reason, after a confirm dialog.
    await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Annuler ce rendez-vous ?' });
    await ask.getByLabel('Motif (facultatif)').fill('Empêchement');
    await ask.getByRole('button', { name: 'Oui, annuler' }).click();
    await page.locator('.details .badge-cancelled').waitFor();
    expect(await page.locator('.details .facts').textContent()).toContain('Empêchement');
    expect(await getAppointment(appointmentId)).toMatchObject({ status: 'cancelled', cancellationReason: 'Empêchement' });
    expect(await page.getByRole('button', { name: 'Changer d’horaire' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a desktop, in English and by keyboard alone: the language switch, another time zone, the booking, its confirmation and its manage page', async () => {
    const product = await publicProduct();
    const page = await (await browser.newContext(DESKTOP)).newPage();
    await page.goto(`${stack.url}/book/${product.slug}/`);
    await waitForIslands(page);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id, text: document.activeElement?.textContent, className: document.activeElement?.className }));
    /** Tab until `reached` holds, at most `limit` times: the order of the page, as a keyboard user walks it. */
    async function tabTo(reached: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit: number) {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if (reached(await focused())) return;
      }
      throw new Error(`not reached in ${limit} tabs; focus on ${JSON.stringify(await focused())}`);
    }

    // Skip link, brand, then the language switch.
    await tabTo((f) => f.className?.includes('language-switch') ?? false, 3);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Français' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, new URL(location.href).searchParams.get('lang')])).toEqual(['en', 'en']);
    expect(await page.getByLabel('Time zone').count()).toBe(1);

    // Another zone: the same slots, shown and named in it (09:00–12:00 Paris is the evening of the same day in Tokyo).
    // The native select's own keys are the browser's: the option is set directly once the select has the focus.
    await tabTo((f) => f.id === 'book-zone', 6);
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await gridSettled(page);
    expect(await page.getByText('Times in Asia/Tokyo').count()).toBe(1);
    const tokyo = (time: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }).format(new Date(product.at(time)));

    // To the day by the grid's keys, Enter picks it; Tab to its second time, Enter chooses it.
    await tabTo((f) => /^\d+$/.test(f.text ?? '') && f.className?.includes('day') === true, 4);
    let from = (await page.evaluate(() => document.activeElement?.getAttribute('data-date')))!;
    while (from !== product.date) {
      const days = Math.round((Date.parse(product.date) - Date.parse(from)) / 86_400_000);
      await page.keyboard.press(days >= 7 ? 'ArrowDown' : days > 0 ? 'ArrowRight' : 'ArrowLeft');
      await gridSettled(page);
      from = (await page.evaluate(() => document.activeElement?.getAttribute('data-date')))!;
    }
    await page.keyboard.press('Enter');
    const times = page.getByRole('list', { name: /^Times on / }).getByRole('button');
    // A Saturday in Tokyo also starts with the demo team's Friday afternoon in Paris, which offers every product.
    await expect.poll(() => times.allTextContents()).toEqual(expect.arrayContaining(['09:00', '10:00', '11:00'].map(tokyo)));
    await tabTo((f) => f.text === tokyo('10:00'), 8);
    await page.keyboard.press('Enter');
    expect(await times.filter({ hasText: tokyo('10:00') }).getAttribute('aria-pressed')).toBe('true');

    // Then the fields in order, and Enter books.
    await tabTo((f) => f.id === 'book-name', 8);
    await page.keyboard.type('Alex Taylor');
    const email = `visitor.${randomUUID().slice(0, 8)}@example.org`;
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('book-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('book-phone');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await page.locator('.book-sent').textContent()).toMatch(/is held for you until \d{2}:\d{2} \(Asia\/Tokyo\)/);
    await fitsAndIsClean(page, 'sent');

    // The e-mail is in English, and so is the page its link opens.
    const { link, subject } = await confirmationLink(email);
    expect(subject).toBe(`Confirm your appointment: ${product.name}`);
    expect(link).toMatch(/&lang=en$/);
    await page.goto(onStack(link));
    await page.getByRole('heading', { level: 1, name: 'Request received' }).waitFor();
    expect(await page.locator('.details .facts').textContent()).toContain(`${tokyo('10:00')} - ${tokyo('11:00')} (Asia/Tokyo)`);
    await tabTo((f) => f.text === 'Manage my booking', 8);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My booking' }).waitFor();
    await page.locator('.details .badge-pending').waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await fitsAndIsClean(page, 'manage');

    // Escape closes the cancel dialog and gives the focus back; the booking is untouched.
    const cancel = page.getByRole('button', { name: 'Cancel appointment' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog', { name: 'Cancel this appointment?' }).waitFor();
    expect((await focused()).text).toBe('Keep the appointment');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect((await focused()).text).toBe('Cancel appointment');

    const { body } = await call(`${stack.url}/api/public/bookings/manage?token=${manageTokenOf(page)}`);
    await adminConfirms(body.data.id);
    await page.reload();
    await page.locator('.details .badge-confirmed').waitFor();
    expect(await page.locator('.details .badge').textContent()).toBe('Confirmed');
    await page.close();
  });

  it('an unknown product, a link without its token, and the embedded list read as plain sentences', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${stack.url}/book/inconnu-${randomUUID().slice(0, 8)}/`);
    await waitForIslands(page);
    await page.getByRole('heading', { level: 1, name: 'Prestation introuvable' }).waitFor();
    expect(await page.getByRole('link', { name: 'Toutes les prestations' }).getAttribute('href')).toBe('/book/');

    await page.goto(`${stack.url}/book/confirm/`);
    await page.getByRole('heading', { level: 1, name: 'Lien non valide' }).waitFor();
    await page.goto(`${stack.url}/book/manage/?token=${'A'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'Lien non valide' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Ce lien n’est pas valide : ouvrez le plus récent de vos e-mails.');

    // Embedded in another site: the products without the site's header and footer; its links stay embedded.
    await page.goto(`${stack.url}/book/?embed=1`);
    await waitForIslands(page);
    const card = page.locator('.product-card', { hasText: 'Consultation initiale' });
    await card.waitFor();
    expect(await page.locator('header, footer, nav').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'English' }).count()).toBe(1);
    expect(await card.getByRole('link').getAttribute('href')).toBe('/book/consultation-initiale/?embed=1');
    await fitsAndIsClean(page, 'embedded');
    await page.close();
  });
});
