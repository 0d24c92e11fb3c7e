import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobs } from '../../functions/routes.ts';
import { invokeJob } from '../../local/jobs.ts';
import { useEnvironment } from '../../local/runtime.ts';
import { runScheduledJobsOnce } from '../../local/scheduled-jobs.ts';
import { config } from '../../shared/config.ts';
import { listMarkers } from '../../shared/db/notifications.ts';
import type { AppointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { onAppointmentChanged } from '../../shared/events/publisher.ts';
import { notifyAppointmentChanged } from '../../shared/notify/notify-change.ts';
import { sendDueReminders } from '../../shared/notify/reminders.ts';
import { outboxTransport, type MailTransport } from '../../shared/notify/transport.ts';
import { requestSlot, registeredUser } from '../helpers/fixtures.ts';
import { outboxFor } from '../helpers/outbox.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let outbox: string;
const events: AppointmentChangedDetail[] = [];

beforeAll(async () => {
  // This file's own outbox: every email its consumers and reminder runs send lands here.
  outbox = await mkdtemp(path.join(os.tmpdir(), 'notify-outbox-'));
  useEnvironment({ OUTBOX_DIR: outbox });
  stack = await startTestStack({ consumers: true });
  onAppointmentChanged((detail) => void events.push(detail));
});
afterAll(async () => {
  await stack.stop();
  await rm(outbox, { recursive: true, force: true });
});

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);
const mails = (email: string) => outboxFor(outbox, email);
const site = (p: string) => new URL(p, config().SITE_URL).toString();
const notifyJob = listJobs().find((job) => job.name === 'notify-appointment-changed')!;

type User = Awaited<ReturnType<typeof registeredUser>>;

/** A fresh user with a profile, changed through PUT /api/me. */
async function person(profile: Record<string, unknown>, options: { admin?: boolean } = {}): Promise<User> {
  const user = await registeredUser(stack.url, options);
  const updated = await api('/me', { method: 'PUT', token: user.idToken, json: profile });
  expect(updated.status).toBe(200);
  return user;
}

/** The seed's flow 1: an admin proposes an appointment to a registered client. */
async function propose(admin: User, client: User, fields: Record<string, unknown>) {
  const created = await api('/admin/appointments', { method: 'POST', token: admin.idToken, json: { action: 'create', clientEmail: client.email, ...fields } });
  expect(created.status).toBe(201);
  return created.body.data as { id: string; version: number };
}

async function update(id: string, token: string, json: Record<string, unknown>) {
  const result = await api(`/appointments/${id}`, { method: 'PUT', token, json });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  await stack.settled();
  return result.body.data as { version: number };
}

/** An appointment the client confirmed; everything sent about it so far has gone out. */
async function confirmedAppointment(admin: User, client: User, fields: Record<string, unknown>) {
  const created = await propose(admin, client, fields);
  await update(created.id, client.idToken, { status: 'confirmed' });
  return created;
}

// 10:00 in Paris, before (CEST, UTC+2) and after (CET, UTC+1) the end of summer time on 2026-10-25.
const BEFORE_DST_END = { startTime: '2026-10-23T08:00:00.000Z', endTime: '2026-10-23T09:00:00.000Z', timezone: 'Europe/Paris' };
const AFTER_DST_END = { startTime: '2026-10-27T09:00:00.000Z', endTime: '2026-10-27T10:00:00.000Z' };

describe('emails on AppointmentChanged', () => {
  it("an admin's request: the client gets it in French with the link to confirm, and nobody else", async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Admin' }, { admin: true });
    const client = await person({ firstName: 'Chloé', lastName: 'Cliente' });
    await propose(admin, client, { title: 'Bilan', ...requestSlot() });
    await stack.settled();

    const [mail, ...more] = await mails(client.email);
    expect(more).toEqual([]);
    expect(mail!.file).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z-${client.email.replace(/[.+]/g, '\\$&')}\\.eml$`));
    expect(mail!.subject).toBe('Demande de rendez-vous : Bilan');
    expect(mail!.text).toContain('Bonjour Chloé Cliente,');
    expect(mail!.text).toContain('Alice Admin vous propose un rendez-vous. Confirmez-le depuis votre espace.');
    expect(mail!.text).toContain(`Confirmer le rendez-vous\u00a0: ${site('/dashboard/appointments')}`);
    expect(mail!.html).toContain(`href="${site('/dashboard/appointments')}"`);
    expect(mail!.invite).toBeUndefined();
    expect(mail!.mail.attachments).toEqual([]);
    expect(mail!.mail.from?.value[0]).toEqual({ address: config().MAIL_FROM_ADDRESS, name: config().MAIL_FROM_NAME });
    expect(mail!.mail.to).toMatchObject({ value: [{ address: client.email, name: 'Chloé Cliente' }] });
    expect(mail!.mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail!.mail.messageId).toMatch(/^<[0-9a-f]{40}@/);
    expect(await mails(admin.email)).toEqual([]);
  });

  it('a request proposing several times lists them all; choosing one confirms it with one invite at that time', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Admin' }, { admin: true });
    const client = await person({ firstName: 'Chloé', lastName: 'Cliente' });
    const first = requestSlot();
    const times = [0, 1, 2].map((days) => ({
      startTime: new Date(Date.parse(first.startTime) + days * 86_400_000).toISOString(),
      endTime: new Date(Date.parse(first.endTime) + days * 86_400_000).toISOString(),
    }));
    const created = await propose(admin, client, { title: 'Bilan', ...times[0]!, timezone: 'Europe/Paris', proposedTimes: times });
    await stack.settled();

    const [mail, ...more] = await mails(client.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Demande de rendez-vous : Bilan');
    expect(mail!.text).toContain('Alice Admin vous propose plusieurs horaires pour un rendez-vous.');
    const listed = mail!.text.split('\n').filter((line) => /^(Horaires proposés|  \S)/.test(line));
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatch(/^Horaires proposés\u00a0: /);

    await update(created.id, client.idToken, { status: 'confirmed', ...times[1]! });
    const sent = await mails(client.email);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.invite).toMatchObject({ method: 'REQUEST', start: times[1]!.startTime, end: times[1]!.endTime });
    expect(sent[1]!.text).not.toContain('Horaires proposés');
  });

  it("a client's request goes to every admin while none is assigned, each in their own language", async () => {
    const english = await person({ firstName: 'Ed', lastName: 'Admin', locale: 'en' }, { admin: true });
    const french = await person({ firstName: 'Fanny', lastName: 'Admin' }, { admin: true });
    const client = await person({ firstName: 'Paul', lastName: 'Client' });
    const title = `Première visite ${randomUUID().slice(0, 8)}`;
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title, clientNote: 'Au rez-de-chaussée', ...requestSlot() } });
    expect(created.status).toBe(201);
    await stack.settled();

    const [en] = await mails(english.email);
    expect(en!.subject).toBe(`Appointment request: ${title}`);
    expect(en!.text).toContain('Paul Client requests an appointment. Confirm or decline it from the admin area.');
    expect(en!.text).toContain("Client's message: Au rez-de-chaussée");
    expect(en!.text).toContain(`Handle the request: ${site('/admin/appointments')}`);
    const [fr] = await mails(french.email);
    expect(fr!.subject).toBe(`Demande de rendez-vous : ${title}`);
    expect(fr!.text).toContain('Paul Client demande un rendez-vous.');
    const demoAdmin = (await mails('admin@example.com')).filter((m) => m.subject.includes(title));
    expect(demoAdmin).toHaveLength(1);
    expect(await mails(client.email)).toEqual([]);
  });

  it('confirmed, moved across the end of summer time, cancelled: invites with one UID, a growing SEQUENCE and the right instants', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const { id } = await confirmedAppointment(admin, client, { title: 'Bilan DST', location: 'Paris Office', meetingUrl: 'https://meet.example.com/dst', ...BEFORE_DST_END });
    const uid = `${id}@booking`;
    const attendees = [`mailto:${client.email}`, `mailto:${admin.email}`];

    const [request, confirmed] = await mails(client.email);
    expect(request!.subject).toBe('Demande de rendez-vous : Bilan DST');
    for (const mail of [confirmed!, (await mails(admin.email))[0]!]) {
      expect(mail.subject).toBe('Rendez-vous confirmé : Bilan DST (23 oct., 10:00)');
      expect(mail.text).toContain('Quand\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
      expect(mail.invite).toEqual({
        method: 'REQUEST',
        uid,
        sequence: 2,
        start: '2026-10-23T08:00:00.000Z',
        end: '2026-10-23T09:00:00.000Z',
        status: 'CONFIRMED',
        organizer: `mailto:${config().MAIL_FROM_ADDRESS}`,
        attendees,
      });
      expect(mail.attachedInvite).toEqual(mail.invite);
    }
    expect(confirmed!.text).toContain('Votre rendez-vous avec Alice Martin est confirmé.');
    expect((await mails(admin.email))[0]!.text).toContain('Le rendez-vous avec Jean Client est confirmé.');

    await update(id, admin.idToken, AFTER_DST_END);
    for (const email of [client.email, admin.email]) {
      const moved = (await mails(email)).at(-1)!;
      expect(moved.subject).toBe('Rendez-vous modifié : Bilan DST (27 oct., 10:00)');
      expect(moved.text).toContain('Quand\u00a0: mardi 27 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
      expect(moved.text).toContain('Auparavant\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
      expect(moved.invite).toMatchObject({ method: 'REQUEST', uid, sequence: 3, start: '2026-10-27T09:00:00.000Z', end: '2026-10-27T10:00:00.000Z' });
    }

    await update(id, client.idToken, { status: 'cancelled', cancellationReason: 'Empêchement' });
    for (const email of [client.email, admin.email]) {
      const cancelled = (await mails(email)).at(-1)!;
      expect(cancelled.subject).toBe('Rendez-vous annulé : Bilan DST (27 oct., 10:00)');
      expect(cancelled.text).toContain('Motif\u00a0: Empêchement');
      expect(cancelled.text).toContain("L'invitation jointe (.ics) le retire de votre agenda.");
      expect(cancelled.invite).toMatchObject({ method: 'CANCEL', uid, sequence: 4, start: '2026-10-27T09:00:00.000Z', status: 'CANCELLED' });
    }
    expect((await mails(client.email)).map((m) => m.invite?.sequence)).toEqual([undefined, 2, 3, 4]);
    expect((await mails(admin.email)).map((m) => m.invite?.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);

    const markers = await listMarkers(id);
    expect(markers.map((m) => `${m.kind}/${m.occurrence}/${m.recipientId === client.id ? 'client' : 'admin'}/${m.status}`).sort()).toEqual([
      'cancelled/v4/admin/sent',
      'cancelled/v4/client/sent',
      'changed/v3/admin/sent',
      'changed/v3/client/sent',
      'confirmed/v2/admin/sent',
      'confirmed/v2/client/sent',
      'request/v1/client/sent',
    ]);
  });

  it('deleting a confirmed appointment cancels the invite; deleting a pending request tells the admins, without invite', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const { id } = await confirmedAppointment(admin, client, { title: 'À supprimer', ...requestSlot() });
    const deleted = await api(`/appointments/${id}`, { method: 'DELETE', token: admin.idToken });
    expect(deleted.status).toBe(200);
    await stack.settled();
    for (const email of [client.email, admin.email]) {
      const last = (await mails(email)).at(-1)!;
      expect(last.subject).toMatch(/^Rendez-vous annulé : À supprimer/);
      expect(last.invite).toMatchObject({ method: 'CANCEL', uid: `${id}@booking`, sequence: 3, status: 'CANCELLED' });
    }

    const title = `Demande retirée ${randomUUID().slice(0, 8)}`;
    const request = await api('/appointments', { method: 'POST', token: client.idToken, json: { title, ...requestSlot() } });
    await api(`/appointments/${request.body.data.id}`, { method: 'DELETE', token: client.idToken });
    await stack.settled();
    const toAdmin = (await mails(admin.email)).filter((m) => m.subject.includes(title));
    // The two consumer runs (create, then delete) are asynchronous: their emails may land in either order.
    expect(toAdmin).toHaveLength(2);
    expect(toAdmin.map((m) => m.subject)).toEqual(
      expect.arrayContaining([`Demande de rendez-vous : ${title}`, expect.stringMatching(`^Rendez-vous annulé : ${title}`)]),
    );
    expect(toAdmin.every((m) => m.invite === undefined)).toBe(true);
  });

  it('a user who turned email notifications off receives nothing', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Discret', emailNotifications: false });
    const { id } = await confirmedAppointment(admin, client, { title: 'Silencieux', ...requestSlot() });
    expect(await mails(client.email)).toEqual([]);
    expect((await mails(admin.email)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Rendez-vous confirmé : Silencieux/)]);
    expect((await listMarkers(id)).filter((m) => m.recipientId === client.id)).toEqual([]);
  });

  it('an event delivered again, or several times at once, sends nothing twice', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const { id } = await confirmedAppointment(admin, client, { title: 'Une fois', ...requestSlot() });
    const detail = events.find((e) => e.appointmentId === id && e.after?.status === 'confirmed')!;
    const event = { version: '0', id: randomUUID(), 'detail-type': 'AppointmentChanged', source: 'booking.appointments', time: detail.occurredAt, detail };

    const reports = await Promise.all([invokeJob(notifyJob, event), invokeJob(notifyJob, event), invokeJob(notifyJob, event)]);
    expect(reports).toEqual(Array(3).fill({ sent: 0, duplicates: 2, optedOut: 0, failed: 0 }));
    expect(await mails(client.email)).toHaveLength(2);
    expect(await mails(admin.email)).toHaveLength(1);
  });

  it('a failing send is retried (as Lambda retries the event) and then sent exactly once', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const { id } = await propose(admin, client, { title: 'Réessai', ...requestSlot() });
    await stack.settled();

    // The outbox cannot be written (a file stands where its folder should be): every send fails,
    // the local bus retries the event twice, as Lambda would, and gives up.
    const blocker = path.join(outbox, 'blocker');
    await writeFile(blocker, '');
    useEnvironment({ OUTBOX_DIR: path.join(blocker, 'outbox') });
    try {
      await update(id, client.idToken, { status: 'confirmed' });
      const detail = events.find((e) => e.appointmentId === id && e.after?.status === 'confirmed')!;
      const event = { version: '0', id: randomUUID(), 'detail-type': 'AppointmentChanged', source: 'booking.appointments', detail };
      await expect(invokeJob(notifyJob, event)).rejects.toThrow(/2 notification\(s\) of .* failed; the event will be retried/);
      expect((await listMarkers(id)).filter((m) => m.kind === 'confirmed')).toEqual([]);

      useEnvironment({ OUTBOX_DIR: outbox });
      expect(await invokeJob(notifyJob, event)).toEqual({ sent: 2, duplicates: 0, optedOut: 0, failed: 0 });
      expect(await invokeJob(notifyJob, event)).toEqual({ sent: 0, duplicates: 2, optedOut: 0, failed: 0 });
    } finally {
      useEnvironment({ OUTBOX_DIR: outbox });
    }
    expect((await mails(client.email)).map((m) => m.invite?.method)).toEqual([undefined, 'REQUEST']);
    expect((await mails(admin.email)).map((m) => m.invite?.method)).toEqual(['REQUEST']);
  });

  it('when one recipient fails, the retry sends only to that one', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const { id } = await propose(admin, client, { title: 'Partiel', ...requestSlot() });
    await stack.settled();
    const detail = events.find((e) => e.appointmentId === id)!;
    const confirmedDetail = { ...detail, change: 'updated' as const, before: detail.after, after: { ...detail.after, status: 'confirmed', version: 2 } };
    const real = outboxTransport(outbox);
    const failsForClient: MailTransport = {
      send: (mail) => (mail.to === client.email ? Promise.reject(new Error('SES throttled')) : real.send(mail)),
    };
    expect(await notifyAppointmentChanged(confirmedDetail, { transport: failsForClient })).toEqual({ sent: 1, duplicates: 0, optedOut: 0, failed: 1 });
    expect(await notifyAppointmentChanged(confirmedDetail, { transport: real })).toEqual({ sent: 1, duplicates: 1, optedOut: 0, failed: 0 });
    expect((await mails(client.email)).map((m) => m.invite?.method)).toEqual([undefined, 'REQUEST']);
    expect((await mails(admin.email)).map((m) => m.invite?.method)).toEqual(['REQUEST']);
  });
});

describe('reminders', () => {
  const minutesBefore = (start: string, minutes: number) => new Date(Date.parse(start) - minutes * 60_000);
  const reminders = async (email: string) => (await mails(email)).filter((m) => m.subject.startsWith('Rappel'));

  it('24 h and 1 h before a confirmed appointment, each exactly once across repeated and concurrent runs', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const slot = requestSlot();
    await confirmedAppointment(admin, client, { title: 'Rappelé', ...slot });

    await sendDueReminders({ now: minutesBefore(slot.startTime, 24 * 60 + 5) });
    expect(await reminders(client.email)).toEqual([]);

    for (let run = 0; run < 3; run++) await sendDueReminders({ now: minutesBefore(slot.startTime, 24 * 60 - 5) });
    await Promise.all(Array.from({ length: 4 }, (_, i) => sendDueReminders({ now: minutesBefore(slot.startTime, 24 * 60 - 6 - i) })));
    const [dayBefore, ...others] = await reminders(client.email);
    expect(others).toEqual([]);
    expect(dayBefore!.subject).toMatch(/^Rappel : Rappelé \(/);
    expect(dayBefore!.text).toMatch(/Rappel : votre rendez-vous avec Alice Martin commence dans 24\sheures\./);
    expect(dayBefore!.invite).toBeUndefined();
    expect(await reminders(admin.email)).toHaveLength(1);

    await Promise.all(Array.from({ length: 3 }, () => sendDueReminders({ now: minutesBefore(slot.startTime, 40) })));
    await sendDueReminders({ now: minutesBefore(slot.startTime, 10) });
    expect(await reminders(client.email)).toHaveLength(2);
    expect((await reminders(client.email))[1]!.text).toMatch(/commence dans 40\sminutes\./);
    expect(await reminders(admin.email)).toHaveLength(2);
  });

  it('skip opted-out participants, cancelled appointments, and retry a failed send at the next run without duplicates', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin', emailNotifications: false }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client', locale: 'en' });
    const slot = requestSlot(15);
    await confirmedAppointment(admin, client, { title: 'Retried', ...slot });
    // Also due in the runs below, but cancelled.
    const later = (iso: string) => new Date(Date.parse(iso) + 20 * 60_000).toISOString();
    const cancelledSlot = { startTime: later(slot.startTime), endTime: later(slot.endTime) };
    const cancelled = await confirmedAppointment(admin, client, { title: 'Called off', ...cancelledSlot });
    await update(cancelled.id, client.idToken, { status: 'cancelled' });
    const now = minutesBefore(slot.startTime, 30);

    const failing: MailTransport = { send: () => Promise.reject(new Error('SES is down')) };
    const failedRun = await sendDueReminders({ now, transport: failing });
    expect(failedRun.failed).toBeGreaterThanOrEqual(1);
    expect(await reminders(client.email)).toEqual([]);

    await sendDueReminders({ now });
    await sendDueReminders({ now: minutesBefore(slot.startTime, 20) });
    const sent = (await mails(client.email)).filter((m) => m.subject.startsWith('Reminder'));
    expect(sent.map((m) => m.subject)).toEqual([expect.stringMatching(/^Reminder: Retried \(/)]);
    expect(sent[0]!.text).toMatch(/starts in 30\sminutes\./);
    expect(await reminders(admin.email)).toEqual([]);
  });

  it('run by the local timer and `npm run sync:once` (the manifest job, real clock)', async () => {
    const admin = await person({ firstName: 'Alice', lastName: 'Martin' }, { admin: true });
    const client = await person({ firstName: 'Jean', lastName: 'Client' });
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 30 * 60_000);
    await confirmedAppointment(admin, client, { title: 'Bientôt', startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() });
    const lines: string[] = [];
    await runScheduledJobsOnce((line) => lines.push(line));
    expect(lines.some((line) => /^send-reminders done in \d+ ms: \{"sent":\d+/.test(line))).toBe(true);
    const [reminder] = await reminders(client.email);
    expect(reminder!.subject).toMatch(/^Rappel : Bientôt/);
  });
});

describe('PUT /api/me', () => {
  it("changes the caller's own profile fields and nothing else", async () => {
    const user = await registeredUser(stack.url);
    const result = await api('/me', {
      method: 'PUT',
      token: user.idToken,
      json: { firstName: 'Léa', lastName: 'Roux', phone: '+33 6 12 34 56 78', timezone: 'America/Montreal', locale: 'en', emailNotifications: false },
    });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({ id: user.id, email: user.email, firstName: 'Léa', lastName: 'Roux', phone: '+33 6 12 34 56 78', timezone: 'America/Montreal', locale: 'en', emailNotifications: false, role: 'client' });
    const cleared = await api('/me', { method: 'PUT', token: user.idToken, json: { phone: null, emailNotifications: true } });
    expect(cleared.body.data).not.toHaveProperty('phone');
    expect((await api('/me', { token: user.idToken })).body.data).toMatchObject({ firstName: 'Léa', emailNotifications: true, locale: 'en' });
  });

  it.each([
    ['an unknown locale', { locale: 'de' }, /body\.locale/],
    ['an invalid time zone', { timezone: 'Europe/Atlantis' }, /IANA/],
    ['the email (Cognito owns it)', { email: 'other@example.com' }, /email/],
    ['the role', { role: 'admin' }, /role/],
    ['nothing to change', {}, /at least one field/],
    ['a non-boolean switch', { emailNotifications: 'no' }, /body\.emailNotifications/],
    ['a phone that is no phone number', { phone: 'abc' }, /body\.phone: must be a phone number/],
    ['an empty first name', { firstName: '  ' }, /body\.firstName: must not be empty/],
  ])('answers 400 to %s', async (_, json, message) => {
    const user = await registeredUser(stack.url);
    const result = await api('/me', { method: 'PUT', token: user.idToken, json });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(message);
    expect((await api('/me', { token: user.idToken })).body.data).toMatchObject({ role: 'client', locale: 'fr', email: user.email });
  });
});
