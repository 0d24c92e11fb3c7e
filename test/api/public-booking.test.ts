import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEnvironment } from '../../local/runtime.ts';
import { startFakeLago, type FakeLago } from '../../local/sandbox/lago.ts';
import { resetConfig } from '../../shared/config.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { db } from '../../shared/db/service.ts';
import { findUserByEmail } from '../../shared/db/users.ts';
import { hashToken } from '../../shared/public-booking/links.ts';
import { useOwnSeededTable } from '../helpers/browser.ts';
import { dayAhead, demoTokens, registeredUser, wallClock } from '../helpers/fixtures.ts';
import { outboxFor } from '../helpers/outbox.ts';
import { call, createTestUser, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Public booking without an account (issue 18): a visitor holds a slot of a public product,
 * confirms it from the e-mail, and manages it with the link; holds are race-free and bounded.
 */
let stack: TestStack;
let outbox: string;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let lago: FakeLago;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(os.tmpdir(), 'public-booking-outbox-'));
  // Lago's protocol stand-in: a paid booking is paid from its manage link.
  lago = await startFakeLago();
  useEnvironment({ OUTBOX_DIR: outbox, LAGO_API_URL: lago.url, LAGO_API_KEY: lago.apiKey, LAGO_WEBHOOK_HMAC_KEY: lago.hmacKey, LAGO_TIMEOUT_MS: '1000' });
  // A table of its own: the days these tests book are theirs alone.
  await useOwnSeededTable('public-booking');
  // With the AppointmentChanged consumers: the e-mails a booking's changes send.
  stack = await startTestStack({ consumers: true });
  tokens = await demoTokens();
});
afterAll(async () => {
  await stack.stop();
  await lago?.stop();
  await rm(outbox, { recursive: true, force: true });
});

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);
const visitorEmail = () => `visiteur.${randomUUID().slice(0, 8)}@example.org`;

/** A fresh admin with one weekly window (Paris, 09:00–12:00, 60-minute slots) for a new public product, on a day ahead. */
async function publicSchedule(options: { maxAppointments?: number; requiresConfirmation?: boolean; price?: number } = {}) {
  const admin = await registeredUser(stack.url, { admin: true });
  const product = (
    await api('/admin/products', {
      method: 'POST',
      token: tokens.admin,
      json: {
        name: `Consultation ${randomUUID().slice(0, 6)}`,
        durationMinutes: 60,
        isPublic: true,
        requiresConfirmation: options.requiresConfirmation ?? true,
        ...(options.price ? { price: options.price } : {}),
      },
    })
  ).body.data as { id: string; name: string };
  // A weekend day: the demo admin works Monday to Friday, so only this admin offers this product then.
  const weekend = Array.from({ length: 40 }, (_, i) => dayAhead(10 + i)).filter((d) => d.dayOfWeek === 0 || d.dayOfWeek === 6);
  const { date, dayOfWeek } = weekend[Math.floor(Math.random() * weekend.length)]!;
  const slot = await api('/admin/availability/slots', {
    method: 'POST',
    token: admin.idToken,
    json: { dayOfWeek, startTime: '09:00', endTime: '12:00', duration: 60, productId: product.id, maxAppointments: options.maxAppointments ?? 1 },
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  return { admin, product, date, at: (time: string) => wallClock(date, time) };
}

const booking = (productId: string, startTime: string, email = visitorEmail()) => ({
  productId,
  startTime,
  timezone: 'Europe/Paris',
  name: 'Camille Martin',
  email,
  phone: '+33 6 12 34 56 78',
  note: 'Première visite',
});

/** The starts the public availability offers for the product on the day, as HH:mm Paris. */
async function offeredStarts(productId: string, date: string) {
  const result = await api(`/availability?from=${date}&to=${date}T23:59:59%2B01:00&productId=${productId}&timezone=Europe/Paris`);
  expect(result.status).toBe(200);
  return (result.body.data.slots as Array<{ startTime: string }>).map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(s.startTime)));
}

/** The confirmation link's token from the visitor's latest e-mail. */
async function confirmToken(email: string): Promise<string> {
  const links = (await outboxFor(outbox, email)).map((mail) => /\/book\/confirm\/\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1]).filter(Boolean);
  expect(links.length, `no confirmation e-mail for ${email}`).toBeGreaterThan(0);
  return links.at(-1)!;
}

/** A POST from another client address (the loopback network has them all), as a different visitor's network would be. */
function postFrom(localAddress: string, pathname: string, json: unknown): Promise<{ status: number; body: any }> {
  const url = new URL(`${stack.url}/api${pathname}`);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(json));
  });
}

describe('public products', () => {
  it('admins give a product a slug, make it public and say whether bookings wait for confirmation; visitors see only active public ones', async () => {
    const slug = `bilan-${randomUUID().slice(0, 8)}`;
    const created = await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'Bilan', durationMinutes: 45, slug, isPublic: true, requiresConfirmation: false } });
    expect(created.body.data).toMatchObject({ slug, isPublic: true, requiresConfirmation: false });
    const hidden = (await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'Interne', durationMinutes: 30 } })).body.data;
    expect(hidden).toMatchObject({ isPublic: false, requiresConfirmation: true });

    const listed = (await api('/public/products')).body.data as Array<{ id: string }>;
    expect(listed.find((p) => p.id === created.body.data.id)).toEqual({
      id: created.body.data.id,
      name: 'Bilan',
      durationMinutes: 45,
      price: 0,
      currency: 'EUR',
      slug,
      requiresConfirmation: false,
    });
    expect(listed.some((p) => p.id === hidden.id)).toBe(false);

    // One link, one product: the same slug elsewhere is refused on the field; a malformed one too.
    const taken = await api(`/admin/products/${hidden.id}`, { method: 'PUT', token: tokens.admin, json: { slug } });
    expect(taken).toMatchObject({ status: 409, body: { details: [{ path: 'body.slug' }] } });
    const malformed = await api(`/admin/products/${hidden.id}`, { method: 'PUT', token: tokens.admin, json: { slug: 'Bilan Complet' } });
    expect(malformed).toMatchObject({ status: 400, body: { details: [{ path: 'body.slug' }] } });
    // Deactivated, it leaves the public list.
    await api(`/admin/products/${created.body.data.id}`, { method: 'PUT', token: tokens.admin, json: { active: false } });
    expect(((await api('/public/products')).body.data as Array<{ id: string }>).some((p) => p.id === created.body.data.id)).toBe(false);
  });
});

describe('a visitor books, confirms by e-mail, and manages the booking by link', () => {
  it('holds the slot (202) and e-mails the link; the time leaves the availability; confirming makes a pending appointment of a new client; a second use answers the same', async () => {
    const { product, date, at } = await publicSchedule();
    const email = visitorEmail();
    const held = await api('/public/bookings', { method: 'POST', json: { ...booking(product.id, at('10:00'), email), locale: 'fr' } });
    expect(held.status, JSON.stringify(held.body)).toBe(202);
    expect(held.body).toEqual({ success: true, data: { status: 'held', expiresAt: expect.any(String) } });
    const minutesLeft = (Date.parse(held.body.data.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(14);
    expect(minutesLeft).toBeLessThanOrEqual(15);

    const [mail] = await outboxFor(outbox, email);
    expect(mail!.subject).toBe(`Confirmez votre rendez-vous : ${product.name}`);
    expect(mail!.text).toContain('10:00 – 11:00 (Europe/Paris)');
    // Nobody else can take the held place meanwhile, and it is not offered.
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '11:00']);
    const other = await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00')) });
    expect(other).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
    // Nothing exists for the address until it is confirmed.
    expect(await findUserByEmail(email)).toBeUndefined();

    const token = await confirmToken(email);
    const confirmed = await api('/public/bookings/confirm', { method: 'POST', json: { token } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const appointment = confirmed.body.data.appointment;
    expect(appointment).toMatchObject({ status: 'pending', productId: product.id, title: product.name, startTime: at('10:00'), attendeeEmail: email, attendeeName: 'Camille Martin', clientNote: 'Première visite' });
    expect(confirmed.body.data.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const client = await findUserByEmail(email);
    expect(client).toMatchObject({ role: 'client', firstName: 'Camille', lastName: 'Martin', guest: true, timezone: 'Europe/Paris' });
    expect(appointment.userId).toBe(client!.id);
    // Still one booking taking the place (the hold gave way to its appointment).
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '11:00']);

    const again = await api('/public/bookings/confirm', { method: 'POST', json: { token } });
    expect(again.status).toBe(200);
    expect(again.body.data.appointment.id).toBe(appointment.id);

    // The team sees the request.
    const listed = await api(`/admin/appointments?status=pending&q=${encodeURIComponent(email)}`, { token: tokens.admin });
    expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([appointment.id]);
  });

  it('a product that does not ask for confirmation is confirmed at once; an address with an account books for that account', async () => {
    const { product, at } = await publicSchedule({ requiresConfirmation: false });
    const member = await registeredUser(stack.url);
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('09:00'), member.email) });
    const confirmed = await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(member.email) } });
    expect(confirmed.body.data.appointment).toMatchObject({ status: 'confirmed', userId: member.id });
    const mine = await api('/appointments?limit=50', { token: member.idToken });
    expect(mine.body.data.map((a: { id: string }) => a.id)).toContain(confirmed.body.data.appointment.id);
  });

  it('an unconfirmed hold lapses: the slot is offered again and its link answers 410', async () => {
    const { admin, product, date, at } = await publicSchedule();
    const email = visitorEmail();
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('11:00'), email) });
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '10:00']);
    const token = await confirmToken(email);
    // Time passes: the hold (its item, its place in the admin's schedule) and its link are past their expiry.
    const record = await db().entities.bookingToken.get({ tokenHash: hashToken(token) }).go();
    const holdId = record.data!.appointmentId;
    const past = new Date(Date.now() - 1000).toISOString();
    await db().entities.bookingToken.patch({ tokenHash: hashToken(token) }).set({ expiresAt: past }).go();
    await db().entities.publicHold.patch({ id: holdId }).set({ expiresAt: past }).go();
    const day = at('11:00').slice(0, 10);
    const schedule = (await db().entities.scheduleDay.get({ ownerId: admin.id, day }).go()).data!;
    expect(schedule.holds.find((h) => h.appointmentId === holdId)?.expiresAt).toBe(record.data!.expiresAt);
    await db()
      .entities.scheduleDay.patch({ ownerId: admin.id, day })
      .set({ holds: schedule.holds.map((h) => (h.appointmentId === holdId ? { ...h, expiresAt: past } : h)) })
      .go();

    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '10:00', '11:00']);
    const late = await api('/public/bookings/confirm', { method: 'POST', json: { token } });
    expect(late).toMatchObject({ status: 410, body: { success: false, error: 'This booking was not confirmed in time, so the time is no longer kept for you: book again' } });
    // Someone else books the freed place (the lapsed hold no longer counts in the schedule either).
    const next = await api('/public/bookings', { method: 'POST', json: booking(product.id, at('11:00')) });
    expect(next.status).toBe(202);
  });

  it('signing up later with the address takes over the guest profile: the bookings are in the new account, and the links still work', async () => {
    const { product, at } = await publicSchedule({ requiresConfirmation: false });
    const account = await createTestUser({ prefix: 'later' });
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00'), account.email) });
    const { appointment, manageToken } = (await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(account.email) } })).body.data;
    const guest = await findUserByEmail(account.email);
    expect(guest).toMatchObject({ guest: true });
    expect(guest!.id).not.toBe(account.id);

    const me = await api('/me', { token: account.idToken });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.data).toMatchObject({ id: account.id, email: account.email, phone: '+33 6 12 34 56 78' });
    expect(await findUserByEmail(account.email)).toMatchObject({ id: account.id });
    expect((await findUserByEmail(account.email))!.guest).toBeUndefined();
    const mine = await api('/appointments?limit=50', { token: account.idToken });
    expect(mine.body.data.map((a: { id: string }) => a.id)).toEqual([appointment.id]);
    expect((await getAppointment(appointment.id))!.userId).toBe(account.id);
    // Its time moved with it: the account's schedule holds it, so the account cannot double-book it.
    const clash = await api('/appointments', { method: 'POST', token: account.idToken, json: { title: 'En même temps', startTime: at('10:00'), endTime: at('11:00') } });
    expect(clash.status).toBe(409);
    expect((await api(`/public/bookings/manage?token=${manageToken}`)).body.data).toMatchObject({ id: appointment.id, userId: account.id });
  });

  it("a guest's later e-mails (here: the team confirms) carry a manage link of their own, which works; an account holder's lead to their list", async () => {
    const { product, at } = await publicSchedule();
    const email = visitorEmail();
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('09:00'), email) });
    const { appointment } = (await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(email) } })).body.data;
    expect((await api(`/appointments/${appointment.id}`, { method: 'PUT', token: tokens.admin, json: { status: 'confirmed' } })).status).toBe(200);

    const linkOf = async (address: string, pattern: RegExp) => {
      let found: string | undefined;
      await expect.poll(async () => (found = (await outboxFor(outbox, address)).map((m) => pattern.exec(m.text)?.[1]).find(Boolean)), { timeout: 10_000 }).toBeDefined();
      return found!;
    };
    const manage = await linkOf(email, /\/book\/manage\/\?token=([A-Za-z0-9_-]{43})/);
    expect((await api(`/public/bookings/manage?token=${manage}`)).body.data).toMatchObject({ id: appointment.id, status: 'confirmed' });
    expect((await outboxFor(outbox, email)).some((m) => m.text.includes('/dashboard/appointments'))).toBe(false);

    const member = await registeredUser(stack.url);
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00'), member.email) });
    const mine = (await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(member.email) } })).body.data.appointment;
    await api(`/appointments/${mine.id}`, { method: 'PUT', token: tokens.admin, json: { status: 'confirmed' } });
    await linkOf(member.email, /(\/dashboard\/appointments)/);
    expect((await outboxFor(outbox, member.email)).some((m) => m.text.includes('/book/manage/'))).toBe(false);
  });

  it('the manage link shows the booking and reschedules it to another offered slot, then cancels it with a reason', async () => {
    const { product, date, at } = await publicSchedule({ requiresConfirmation: false });
    const email = visitorEmail();
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('09:00'), email) });
    const { manageToken, appointment } = (await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(email) } })).body.data;

    const seen = await api(`/public/bookings/manage?token=${manageToken}`);
    expect(seen.body.data).toMatchObject({ id: appointment.id, status: 'confirmed', startTime: at('09:00') });
    expect(seen.body.data.notes).toBeUndefined();

    const moved = await api('/public/bookings/manage', { method: 'POST', json: { token: manageToken, action: 'reschedule', startTime: at('11:00') } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data.appointment).toMatchObject({ startTime: at('11:00'), endTime: at('12:00') });
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '10:00']);
    // A start the product does not offer: the signed-in route's answer.
    const offGrid = await api('/public/bookings/manage', { method: 'POST', json: { token: manageToken, action: 'reschedule', startTime: at('09:30') } });
    expect(offGrid.status).toBe(409);

    const cancelled = await api('/public/bookings/manage', { method: 'POST', json: { token: manageToken, action: 'cancel', reason: 'Empêchement' } });
    expect(cancelled.body.data.appointment).toMatchObject({ status: 'cancelled', cancellationReason: 'Empêchement' });
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '10:00', '11:00']);
  });

  it('a paid booking is paid from its manage link: the Lago invoice of the visitor, as the signed-in pay route gives it, once', async () => {
    const { product, at } = await publicSchedule({ requiresConfirmation: false, price: 4500 });
    const email = visitorEmail();
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00'), email) });
    const { manageToken, appointment } = (await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(email) } })).body.data;
    expect(appointment).toMatchObject({ type: 'paid', price: 4500, isPaid: false });

    const paid = await api('/public/bookings/manage', { method: 'POST', json: { token: manageToken, action: 'pay' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.data.payment).toMatchObject({ invoiceNumber: expect.any(String), amount: 4500, currency: 'EUR' });
    // The invoice is the visitor's: Lago's customer is their profile, named by their e-mail.
    const invoice = lago.invoices.get(paid.body.data.payment.invoiceId)!;
    expect(lago.customers.get(invoice.customer.external_id)).toMatchObject({ email });
    // Asking again answers the same invoice: one per appointment.
    const again = await api('/public/bookings/manage', { method: 'POST', json: { token: manageToken, action: 'pay' } });
    expect(again.body.data.payment.invoiceId).toBe(paid.body.data.payment.invoiceId);
    expect([...lago.invoices.values()].filter((i) => i.customer.external_id === invoice.customer.external_id)).toHaveLength(1);
  });

  it('a link works only for its purpose and its appointment: a confirmation token does not manage, a made-up one is 404, a malformed one 400', async () => {
    const { product, at } = await publicSchedule();
    const email = visitorEmail();
    await api('/public/bookings', { method: 'POST', json: booking(product.id, at('09:00'), email) });
    const confirmTokenValue = await confirmToken(email);
    const { manageToken } = (await api('/public/bookings/confirm', { method: 'POST', json: { token: confirmTokenValue } })).body.data;

    expect((await api(`/public/bookings/manage?token=${confirmTokenValue}`)).status).toBe(404);
    expect((await api('/public/bookings/confirm', { method: 'POST', json: { token: manageToken } })).status).toBe(404);
    const madeUp = 'A'.repeat(43);
    expect(await api(`/public/bookings/manage?token=${madeUp}`)).toMatchObject({ status: 404, body: { error: 'This link is not valid: open the latest one from your e-mails' } });
    expect((await api('/public/bookings/manage?token=short')).status).toBe(400);
    // Only hashes are stored: the token itself is nowhere in the table.
    const stored = await db().entities.bookingToken.get({ tokenHash: hashToken(manageToken) }).go();
    expect(stored.data).toMatchObject({ purpose: 'manage' });
    expect(JSON.stringify(stored.data)).not.toContain(manageToken);
  });
});

describe('safe against abuse', () => {
  it('two visitors on the last place of a slot at the same instant: one 202, one 409', async () => {
    const { product, at } = await publicSchedule({ maxAppointments: 2 });
    const first = await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00')) });
    expect(first.status).toBe(202);
    const racing = await Promise.all([0, 1].map(() => api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00')) })));
    expect(racing.map((r) => r.status).sort()).toEqual([202, 409]);
  });

  it('a filled-in honeypot gets the same answer and nothing is held or sent', async () => {
    const { product, date, at } = await publicSchedule();
    const email = visitorEmail();
    const bot = await api('/public/bookings', { method: 'POST', json: { ...booking(product.id, at('10:00'), email), website: 'https://spam.example' } });
    expect(bot).toMatchObject({ status: 202, body: { data: { status: 'held' } } });
    expect(await offeredStarts(product.id, date)).toEqual(['09:00', '10:00', '11:00']);
    expect(await outboxFor(outbox, email)).toEqual([]);
  });

  it('refuses a product that is not public (400), a time not offered (409), and bad input (400), sending nothing', async () => {
    const { product, at } = await publicSchedule();
    const internal = (await api('/admin/products', { method: 'POST', token: tokens.admin, json: { name: 'Interne', durationMinutes: 60 } })).body.data;
    const email = visitorEmail();
    expect(await api('/public/bookings', { method: 'POST', json: booking(internal.id, at('10:00'), email) })).toMatchObject({ status: 400, body: { details: [{ path: 'body.productId' }] } });
    expect((await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:30'), email) })).status).toBe(409);
    const bad = await api('/public/bookings', { method: 'POST', json: { ...booking(product.id, at('10:00'), email), email: 'pas-une-adresse' } });
    expect(bad).toMatchObject({ status: 400, body: { details: [{ path: 'body.email' }] } });
    expect(await outboxFor(outbox, email)).toEqual([]);
  });

  it('at most PUBLIC_HOLDS_PER_HOUR unconfirmed holds per e-mail address and per client address (429), whatever else differs', async () => {
    useEnvironment({ PUBLIC_HOLDS_PER_HOUR: '3' });
    resetConfig();
    try {
      // The counters are per UTC hour: start well inside one.
      const left = 3_600_000 - (Date.now() % 3_600_000);
      if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
      const { product, at } = await publicSchedule({ maxAppointments: 20 });
      const email = visitorEmail();
      const fromOneEmail = [];
      for (const [i, address] of ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'].entries()) {
        fromOneEmail.push((await postFrom(address, '/public/bookings', { ...booking(product.id, at(['09:00', '10:00', '11:00', '09:00'][i]!), email) })).status);
      }
      expect(fromOneEmail).toEqual([202, 202, 202, 429]);

      const fromOneAddress = [];
      for (let i = 0; i < 4; i++) fromOneAddress.push(await postFrom('127.0.0.21', '/public/bookings', booking(product.id, at('10:00'))));
      expect(fromOneAddress.map((r) => r.status)).toEqual([202, 202, 202, 429]);
      expect(fromOneAddress[3]!.body.error).toBe('Too many bookings are waiting for confirmation from this address: confirm them from your e-mails, or try again in an hour');
      // Another address and another e-mail are not concerned.
      expect((await postFrom('127.0.0.22', '/public/bookings', booking(product.id, at('11:00')))).status).toBe(202);
    } finally {
      useEnvironment({ PUBLIC_HOLDS_PER_HOUR: '1000' });
      resetConfig();
    }
  });

  it('confirming obeys MAX_OPEN_REQUESTS_PER_CLIENT across public and signed-in requests (429)', async () => {
    useEnvironment({ MAX_OPEN_REQUESTS_PER_CLIENT: '1' });
    resetConfig();
    try {
      const member = await registeredUser(stack.url);
      const { product, at } = await publicSchedule();
      const signedIn = await api('/appointments', { method: 'POST', token: member.idToken, json: { productId: product.id, startTime: at('09:00') } });
      expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
      await api('/public/bookings', { method: 'POST', json: booking(product.id, at('10:00'), member.email) });
      const refused = await api('/public/bookings/confirm', { method: 'POST', json: { token: await confirmToken(member.email) } });
      expect(refused).toMatchObject({ status: 429, body: { error: expect.stringContaining('1 request') } });
      expect(await getAppointment(refused.body?.data?.appointment?.id ?? randomUUID())).toBeNull();
    } finally {
      useEnvironment({ MAX_OPEN_REQUESTS_PER_CLIENT: '1000' });
      resetConfig();
    }
  });
});
