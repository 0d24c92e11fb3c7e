import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTimeValue, launchBrowser, screenshot, seriousViolations, signedInPage, signInThroughPage, typeDateTime } from '../helpers/browser.ts';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { futureSlot, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, createTestUser, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A client's own request, waiting for the team. */
async function clientRequest(title: string) {
  const client = await createTestUser({ prefix: 'manage' });
  const created = await call(`${stack.url}/api/appointments`, { method: 'POST', token: client.idToken, json: { title, ...requestSlot() } });
  expect(created.status).toBe(201);
  return { client, appointment: created.body.data as { id: string; startTime: string } };
}

describe('an admin reviewing a client request on its details page', () => {
  it('configures payment with Edit (price, currency, assigned admin), then confirms; the details show it all', async () => {
    const { client, appointment } = await clientRequest('Consultation à configurer');
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/view/?id=${appointment.id}`);
    await page.getByRole('heading', { name: 'Consultation à configurer' }).waitFor();
    expect(await page.getByText('A client’s request: set the price with Edit if it is paid, then confirm or reject it.').count()).toBe(1);
    // Not started yet: no outcome to mark.
    expect(await page.getByRole('button', { name: 'Mark completed' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit appointment' });
    await dialog.getByLabel('Type').selectOption('paid');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    expect(await dialog.getByText('A paid appointment needs a price above zero').count()).toBe(1);
    await dialog.getByLabel('Price *').fill('75,50');
    await dialog.getByLabel('Assigned admin').selectOption({ label: 'Alice Martin' });
    await dialog.getByLabel('Internal notes (admins only)').fill('Prévoir le dossier');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-edit-appointment');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Appointment saved').waitFor();
    const facts = page.locator('dl.facts');
    await expect.poll(() => facts.textContent()).toContain('€75.50');
    expect(await facts.textContent()).toContain('Alice Martin');
    expect(await facts.textContent()).toContain('Prévoir le dossier');

    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Appointment confirmed').waitFor();
    const seen = await call(`${stack.url}/api/appointments/${appointment.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ status: 'confirmed', type: 'paid', price: 7550, currency: 'EUR' });
    await page.close();
  });

  it('rejects a request only after asking, with a reason the client then reads', async () => {
    const { client, appointment } = await clientRequest('Demande à refuser');
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/view/?id=${appointment.id}`);
    await page.getByRole('heading', { name: 'Demande à refuser' }).waitFor();
    await page.getByRole('button', { name: 'Reject' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Reject this request?' });
    // Keep it: nothing happens.
    await ask.getByRole('button', { name: 'Keep it' }).click();
    expect((await call(`${stack.url}/api/appointments/${appointment.id}`, { token: client.idToken })).body.data.status).toBe('pending');

    await page.getByRole('button', { name: 'Reject' }).click();
    await ask.getByLabel('Reason (optional, the client sees it)').fill('Complet ce jour-là');
    await ask.getByRole('button', { name: 'Reject request' }).click();
    await page.getByText('Request rejected').waitFor();
    const seen = await call(`${stack.url}/api/appointments/${appointment.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ status: 'cancelled', cancellationReason: 'Complet ce jour-là' });
    await page.close();
  });

  it('moves an appointment with Edit and says inline when the new time is taken', async () => {
    const admin = await createTestUser({ admin: true, prefix: 'manage-admin' });
    const first = futureSlot();
    const taken = await call(`${stack.url}/api/appointments`, { method: 'POST', token: admin.idToken, json: { title: 'Déjà là', ...first } });
    const other = await call(`${stack.url}/api/appointments`, { method: 'POST', token: admin.idToken, json: { title: 'À déplacer', ...futureSlot() } });
    expect([taken.status, other.status]).toEqual([201, 201]);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInThroughPage(page, stack.url, admin.email, DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/admin/`);
    await page.goto(`${stack.url}/admin/appointments/view/?id=${other.body.data.id}`);
    await page.getByRole('heading', { name: 'À déplacer' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit appointment' });
    const local = (iso: string) =>
      page.evaluate((value) => {
        const d = new Date(value);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      }, iso);
    await typeDateTime(dialog, 'Start', await local(first.startTime), 'en');
    await typeDateTime(dialog, 'End', await local(first.endTime), 'en');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Time slot is not available');
    await screenshot(page, 'admin-edit-taken-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});

describe('the admin list', () => {
  it('asks before rejecting from a row’s menu, then refreshes the list and the statistics', async () => {
    const { client, appointment } = await clientRequest(`Rejet depuis la liste ${Date.now()}`);
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/?q=${encodeURIComponent(client.email)}`);
    const row = page.locator('tbody tr', { hasText: 'Rejet depuis la liste' });
    await row.waitFor();
    const statsCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/admin/appointments') && request.method() === 'POST' && request.postData()?.includes('"stats"')) statsCalls.push(request.url());
    });
    await row.getByRole('button', { name: /^Actions for / }).click();
    // Not started: no outcome to mark from the menu either.
    expect(await row.getByRole('menuitem', { name: 'Mark completed' }).count()).toBe(0);
    await row.getByRole('menuitem', { name: 'Reject…' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Reject this request?' });
    await ask.getByLabel('Reason (optional, the client sees it)').fill('Indisponible');
    await ask.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Appointment cancelled').waitFor();
    await expect.poll(() => row.getByText('Cancelled').count()).toBe(1);
    await expect.poll(() => statsCalls.length).toBeGreaterThan(0);
    const seen = await call(`${stack.url}/api/appointments/${appointment.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ status: 'cancelled', cancellationReason: 'Indisponible' });
    await page.close();
  });
});

describe('a client moving their own appointment', () => {
  async function clientPage(email: string) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInThroughPage(page, stack.url, email, DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/dashboard/`);
    return page;
  }

  it('proposes a new time for a confirmed free-form one: it goes back to the team', async () => {
    const { client, appointment } = await clientRequest('Rendez-vous libre à déplacer');
    const admin = await idTokenFor('admin@example.com');
    expect((await call(`${stack.url}/api/appointments/${appointment.id}`, { method: 'PUT', token: admin, json: { status: 'confirmed' } })).status).toBe(200);
    const page = await clientPage(client.email);
    await page.goto(`${stack.url}/dashboard/appointments/view/?id=${appointment.id}`);
    await page.getByRole('button', { name: 'Déplacer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Déplacer le rendez-vous' });
    expect(await dialog.textContent()).toContain('Le nouvel horaire sera proposé à l’équipe, qui le confirmera.');
    const target = Date.parse(appointment.startTime) + 2 * 86_400_000;
    const local = await page.evaluate((ms) => {
      const d = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, target);
    await typeDateTime(dialog, 'Nouvel horaire souhaité', local, 'fr');
    await screenshot(page, 'client-reschedule-free-phone');
    await dialog.getByRole('button', { name: 'Déplacer' }).click();
    await page.getByText('Nouvel horaire envoyé à l’équipe').waitFor();
    const seen = await call(`${stack.url}/api/appointments/${appointment.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ status: 'pending', awaiting: 'admin', startTime: new Date(target).toISOString() });
    await page.close();
  });

  it('moves a confirmed product booking to another free slot of its product: it stays confirmed', async () => {
    const client = await createTestUser({ prefix: 'slot-mover' });
    const [product] = (await call(`${stack.url}/api/products`)).body.data as Array<{ id: string }>;
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
    const offered = (await call(`${stack.url}/api/availability?productId=${product!.id}&from=${from}&to=${to}`)).body.data.slots as Array<{ startTime: string; adminId: string }>;
    expect(offered.length).toBeGreaterThan(1);
    // The last one offered: the picker (from tomorrow on) lists earlier ones first.
    const last = offered.at(-1)!;
    const booked = await call(`${stack.url}/api/appointments`, {
      method: 'POST',
      token: client.idToken,
      json: { productId: product!.id, startTime: last.startTime, adminId: last.adminId },
    });
    expect(booked.status).toBe(201);
    const admin = await idTokenFor('admin@example.com');
    expect((await call(`${stack.url}/api/appointments/${booked.body.data.id}`, { method: 'PUT', token: admin, json: { status: 'confirmed' } })).status).toBe(200);

    const page = await clientPage(client.email);
    await page.goto(`${stack.url}/dashboard/appointments/view/?id=${booked.body.data.id}`);
    await page.getByRole('button', { name: 'Déplacer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Déplacer le rendez-vous' });
    expect(await dialog.textContent()).toContain('Le rendez-vous reste confirmé sur le nouveau créneau.');
    await dialog.getByRole('group', { name: 'Créneaux disponibles' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The times of the day the month grid chose on arrival (its first with a free time).
    const choices = dialog.getByRole('group', { name: 'Créneaux disponibles' }).getByRole('list', { name: /^Horaires du / }).getByRole('button');
    await choices.first().waitFor();
    await choices.first().click();
    await screenshot(page, 'client-reschedule-slot-picker-phone');
    await dialog.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await page.getByText('Rendez-vous déplacé').waitFor();
    const seen = await call(`${stack.url}/api/appointments/${booked.body.data.id}`, { token: client.idToken });
    expect(seen.body.data.status).toBe('confirmed');
    expect(Date.parse(seen.body.data.startTime)).toBeLessThan(Date.parse(last.startTime));
    await page.close();
  });
});

describe('drag and drop in the admin calendar', () => {
  it('moves an appointment by dragging it; a drop onto taken time snaps back with the reason', async () => {
    const admin = await createTestUser({ admin: true, prefix: 'dnd-admin' });
    // In two days at 10:00 and 14:00 (the browser's zone), both the admin's own.
    const at = (hour: number) => {
      const d = new Date();
      d.setDate(d.getDate() + 2);
      d.setHours(hour, 0, 0, 0);
      return d;
    };
    const make = async (title: string, hour: number) =>
      (
        await call(`${stack.url}/api/appointments`, {
          method: 'POST',
          token: admin.idToken,
          json: { title, startTime: at(hour).toISOString(), endTime: new Date(at(hour).getTime() + 3_600_000).toISOString() },
        })
      ).body.data as { id: string };
    const moving = await make(`Glisser ${Date.now()}`, 10);
    await make(`Occupé ${Date.now()}`, 14);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(page, stack.url, admin.email, DEMO_PASSWORD);
    await page.waitForURL(`${stack.url}/admin/`);
    await page.goto(`${stack.url}/admin/appointments/calendar/`);
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: /Next/ }).click();
    const event = page.locator('.rbc-event', { hasText: 'Glisser' });
    await event.waitFor();
    const hour = (await page.locator('.rbc-day-slot .rbc-timeslot-group').first().boundingBox())!.height;

    const drag = async (hours: number) => {
      await event.scrollIntoViewIfNeeded();
      const box = (await event.boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + 8;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x, y + 5, { steps: 2 });
      await page.mouse.move(x, y + hours * hour, { steps: 10 });
      await page.mouse.up();
    };
    // Two hours later: 12:00.
    await drag(2);
    await page.getByText(/moved$/).waitFor();
    await expect
      .poll(async () => (await call(`${stack.url}/api/appointments/${moving.id}`, { token: admin.idToken })).body.data.startTime)
      .toBe(at(12).toISOString());

    // Onto the 14:00 one: refused, and the event is back at 12:00.
    await drag(2);
    await page.getByText('Not moved: Time slot is not available').waitFor();
    expect((await call(`${stack.url}/api/appointments/${moving.id}`, { token: admin.idToken })).body.data.startTime).toBe(at(12).toISOString());
    await expect.poll(async () => (await event.locator('.rbc-event-label').textContent())?.startsWith('12:00')).toBe(true);
    await screenshot(page, 'admin-calendar-drag-refused');
    await page.close();
  });
});

describe('proposing several times', () => {
  it('an admin proposes three times from the calendar; the client picks the second by keyboard at phone width and it is confirmed there', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const page = await signedInPage(browser, stack.url, admin.email);
    await page.goto(`${stack.url}/admin/appointments/calendar/?client=${encodeURIComponent(client.email)}`);
    await page.getByRole('button', { name: 'New request' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request Appointment with Client' });
    await dialog.getByLabel('Title *').fill('Premier rendez-vous');
    // Three days ahead: far enough that a move would be allowed, were it not a choice.
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    const day = `${inThreeDays.getFullYear()}-${String(inThreeDays.getMonth() + 1).padStart(2, '0')}-${String(inThreeDays.getDate()).padStart(2, '0')}`;
    await typeDateTime(dialog, 'Start', `${day}T10:00`, 'en');
    await typeDateTime(dialog, 'End', `${day}T11:00`, 'en');
    await dialog.getByRole('button', { name: 'Propose other times…' }).click();
    await dialog.getByRole('button', { name: 'Add another time' }).click();
    // Each further time starts the day after the one before it, at the same hours.
    const start = await dateTimeValue(dialog, 'Start');
    const second = await dateTimeValue(dialog, 'Time 2: start');
    const third = await dateTimeValue(dialog, 'Time 3: start');
    expect(second.slice(11)).toBe(start.slice(11));
    expect(Date.parse(`${third.slice(0, 10)}T00:00Z`) - Date.parse(`${start.slice(0, 10)}T00:00Z`)).toBe(2 * 86_400_000);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-request-proposed-times');
    await dialog.getByRole('button', { name: 'Send Request' }).click();
    await page.getByText('Appointment request sent to client').waitFor();
    const [sent] = (await call(`${stack.url}/api/appointments?status=pending`, { token: client.idToken })).body.data as Array<{ id: string; proposedTimes: Array<{ startTime: string; endTime: string }> }>;
    expect(sent!.proposedTimes).toHaveLength(3);
    await page.close();

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await signInThroughPage(phone, stack.url, client.email, DEMO_PASSWORD);
    await phone.waitForURL(/\/dashboard\/$/);
    // Its page offers the same choice, and no way to move it meanwhile: the team chose the times.
    await phone.goto(`${stack.url}/dashboard/appointments/view/?id=${sent!.id}`);
    await phone.getByRole('group', { name: 'Choisissez l’horaire qui vous convient' }).waitFor();
    expect(await phone.getByRole('button', { name: 'Déplacer' }).count()).toBe(0);
    expect(await phone.getByRole('button', { name: 'Annuler le rendez-vous' }).count()).toBe(1);
    await phone.goto(`${stack.url}/dashboard/appointments/`);
    const choice = phone.getByRole('group', { name: 'Choisissez l’horaire qui vous convient' });
    await choice.waitFor();
    expect(await choice.getByRole('radio').count()).toBe(3);
    const confirm = choice.getByRole('button', { name: 'Confirmer cet horaire' });
    expect(await confirm.isDisabled()).toBe(true);
    // Keyboard only: into the group, down to the second time, then the button.
    await choice.getByRole('radio').first().focus();
    await phone.keyboard.press('ArrowDown');
    expect(await choice.getByRole('radio').nth(1).isChecked()).toBe(true);
    await phone.keyboard.press('Tab');
    expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Confirmer cet horaire');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'client-choose-proposed-time-390');
    await phone.keyboard.press('Enter');
    await phone.getByText('Rendez-vous confirmé !').waitFor();
    const seen = await call(`${stack.url}/api/appointments/${sent!.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ status: 'confirmed', ...sent!.proposedTimes[1]! });
    expect(seen.body.data.proposedTimes).toBeUndefined();
    await phone.close();
  });
});

describe('team availability in the admin calendar', () => {
  it("shades the signed-in admin's working hours and labels their time off and calendar busy time; another admin can be added", async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const colleague = await registeredUser(stack.url, { admin: true });
    const day = new Date();
    day.setDate(day.getDate() + 2);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    const post = (token: string, path: string, json: Record<string, unknown>) => call(`${stack.url}/api/admin/availability/${path}`, { method: 'POST', token, json });
    expect((await post(admin.idToken, 'slots', { dayOfWeek: day.getDay(), startTime: '09:00', endTime: '12:00', duration: 60 })).status).toBe(201);
    expect((await post(admin.idToken, 'exceptions', { date, isAvailable: false, startTime: '10:00', endTime: '11:00', reason: 'Dentist' })).status).toBe(201);
    expect((await post(colleague.idToken, 'exceptions', { date, isAvailable: false, startTime: '15:00', endTime: '16:00' })).status).toBe(201);

    const page = await signedInPage(browser, stack.url, admin.email);
    const teamCalls: string[] = [];
    page.on('request', (request) => request.url().includes('/api/admin/availability/team') && teamCalls.push(request.url()));
    await page.goto(`${stack.url}/admin/appointments/calendar/`);
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: /Next/ }).click();
    const own = page.locator('.rbc-background-event', { hasText: 'time off' });
    await own.first().waitFor();
    expect(await own.count()).toBe(1);
    expect(await own.textContent()).toContain(`${admin.email}: time off`);
    // 09:00–10:00 and 11:00–12:00 are shaded: two half-hour slots each.
    expect(await page.locator('.rbc-day-slot .slot-working').count()).toBe(4);
    await screenshot(page, 'admin-calendar-team-availability');

    await page.getByText(/^Availability shown:/).click();
    // A profile without a name goes by its e-mail.
    await page.getByRole('checkbox', { name: colleague.email }).check();
    await expect.poll(() => page.locator('.rbc-background-event', { hasText: 'time off' }).count()).toBe(2);
    // One call per range and set of admins: today's day, then two days on, then with the colleague.
    expect(new Set(teamCalls.map((url) => new URL(url).search)).size).toBe(teamCalls.length);
    await page.close();
  });
});
