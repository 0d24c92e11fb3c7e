import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listJobs } from '../../functions/routes.ts';
import { invokeJob, scheduledEvent } from '../../local/jobs.ts';
import { enqueueCalendarSync, onCalendarSyncMessages, type SyncMessage } from '../../shared/events/sync-queue.ts';
import { resetConfig } from '../../shared/config.ts';
import { openTokens } from '../../shared/crypto/envelope.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { busyBlocksOverlapping } from '../../shared/db/busy-blocks.ts';
import { dynamoDb } from '../../shared/db/client.ts';
import { pushAppointment } from '../../shared/calendar/push.ts';
import { syncConnection } from '../../shared/calendar/pull.ts';
import { listConnections, listLinks, updateConnection } from '../../shared/db/connections.ts';
import { db } from '../../shared/db/service.ts';
import { startFakeGoogle, type FakeGoogle } from '../../local/sandbox/google.ts';
import { startFakeMicrosoft, type FakeMicrosoft } from '../../local/sandbox/microsoft.ts';
import { registeredUser } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let google: FakeGoogle;
let microsoft: FakeMicrosoft;

type User = Awaited<ReturnType<typeof registeredUser>>;
type Provider = 'google' | 'microsoft';

/** The handlers run in this worker and read their configuration through shared/config.ts. */
function configure(overrides: Record<string, string | undefined> = {}) {
  const settings = { ...google.env, ...microsoft.env, SITE_URL: stack.url, CALENDAR_TIMEOUT_MS: '1500', ...overrides };
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
}

beforeAll(async () => {
  [google, microsoft] = await Promise.all([startFakeGoogle(), startFakeMicrosoft()]);
  stack = await startTestStack({ consumers: true });
  configure();
});
let stackStopped = false;
afterAll(async () => {
  if (!stackStopped) await stack.stop();
  await Promise.all([google.stop(), microsoft.stop()]);
});
beforeEach(() => configure());

/** A port nothing listens on: the provider is down (connection refused, at once). */
const UNREACHABLE = 'http://127.0.0.1:9/calendar/v3';

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const fakeOf = (provider: Provider) => (provider === 'google' ? google : microsoft);

/** A day ~10 days ahead (inside the booking horizon) at a random hour, so runs never collide. */
function soon(hourUtc = 8 + Math.floor(Math.random() * 8), minutes = 60, dayOffset = 10) {
  const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + dayOffset, hourUtc));
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

/**
 * The browser's round trip: our connect URL → the provider's consent (the fake answers as
 * `account`) → our callback with the nonce cookie → the settings page. Waits for the first sync.
 */
async function connect(user: User, provider: Provider, account: string) {
  const fake = fakeOf(provider);
  fake.setConsent(account);
  const started = await api(`/calendar/connect?provider=${provider}`, { token: user.idToken });
  expect(started.status).toBe(200);
  const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
  const consent = await fetch(started.body.data.url, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = await fetch(consent.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
  await stack.settled();
  return { callback, location: callback.headers.get('location')!, cookie, providerUrl: started.body.data.url as string };
}

async function connectionOf(user: User, provider: Provider) {
  const list = await api('/calendar', { token: user.idToken });
  expect(list.status).toBe(200);
  return (list.body.data as Array<Record<string, any>>).find((c) => c.provider === provider)!;
}

/** The admin asks the client for an appointment (pending), assigned to the admin. */
async function requestAppointment(admin: User, client: User, times = soon()) {
  const created = await api('/admin/appointments', {
    method: 'POST',
    token: admin.idToken,
    json: { action: 'create', clientEmail: client.email, title: 'Bilan annuel', location: 'Bureau de Paris', ...times },
  });
  expect(created.status).toBe(201);
  await stack.settled();
  return created.body.data as { id: string; version: number; startTime: string; endTime: string };
}

const syncNow = async (user: User, connectionId: string) => {
  const result = await api(`/calendar/sync?id=${connectionId}`, { method: 'POST', token: user.idToken });
  await stack.settled();
  return result;
};

/**
 * What the scheduled run does for these users: their connections' messages through the queue to
 * the worker. (The dispatcher itself is tested last: it queues the whole table's connections,
 * including those other test files are using with their own fake providers.)
 */
async function scheduledSync(...users: User[]) {
  const messages = (await Promise.all(users.map((user) => listConnections(user.id))))
    .flat()
    .filter((c) => c.isActive && c.status !== 'needs_reauth')
    .map((c) => ({ userId: c.userId, connectionId: c.id, reason: 'scheduled' as const }));
  await enqueueCalendarSync(messages);
  await stack.settled();
}

const googleEventOf = (email: string, appointmentId: string, includeCancelled = false) =>
  google.events(email, { includeCancelled }).find((e) => e.extendedProperties?.private?.rdvAppointmentId === appointmentId);

describe('connecting a calendar', () => {
  it('connects Google with PKCE and a browser-bound state, lists it without tokens, and stores the tokens only encrypted', async () => {
    const client = await registeredUser(stack.url);
    const account = `chloe.${client.id.slice(0, 8)}@gmail.test`;
    const { location, providerUrl } = await connect(client, 'google', account);
    const authorize = new URL(providerUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid email https://www.googleapis.com/auth/calendar.events');
    expect(authorize.searchParams.get('access_type')).toBe('offline');
    expect(location).toBe(`${stack.url}/dashboard/calendar/settings?connected=google`);

    const listed = await connectionOf(client, 'google');
    expect(listed).toMatchObject({ provider: 'google', email: account, calendarId: account, isActive: true, status: 'active' });
    expect(listed.lastSyncAt).toBeDefined();
    expect(JSON.stringify(listed)).not.toMatch(/accessToken|refreshToken|syncCursor/);

    const [stored] = await listConnections(client.id);
    const raw = await dynamoDb().send(new GetCommand(db().entities.calendarConnection.get({ userId: client.id, id: stored!.id }).params()));
    const plain = await openTokens({ accessToken: stored!.accessToken, refreshToken: stored!.refreshToken }, { userId: client.id, connectionId: stored!.id, provider: 'google' });
    expect(plain.accessToken.length).toBeGreaterThan(10);
    const item = JSON.stringify(raw.Item);
    expect(item).not.toContain(plain.accessToken);
    expect(item).not.toContain(plain.refreshToken);
    expect(raw.Item!.accessToken).toMatch(/^v1\./);
  });

  it('connects Microsoft (offline_access, Graph profile and calendar) and redirects to the settings page', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `alice.${admin.id.slice(0, 8)}@contoso.test`;
    const { location, providerUrl } = await connect(admin, 'microsoft', account);
    expect(new URL(providerUrl).searchParams.get('scope')).toBe('offline_access User.Read Calendars.ReadWrite');
    expect(location).toBe(`${stack.url}/dashboard/calendar/settings?connected=microsoft`);
    expect(await connectionOf(admin, 'microsoft')).toMatchObject({ provider: 'microsoft', email: account, status: 'active' });
  });

  it('refuses a reused state, a callback without the browser cookie, an expired state and a denied consent, each with its error', async () => {
    const client = await registeredUser(stack.url);
    google.setConsent(`reuse.${client.id.slice(0, 8)}@gmail.test`);
    const started = await api('/calendar/connect?provider=google', { token: client.idToken });
    const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
    const consent = await fetch(started.body.data.url, { redirect: 'manual' });
    const callbackUrl = consent.headers.get('location')!;

    // Without the cookie (a link someone else started): refused, and the state is spent.
    const forged = await fetch(callbackUrl, { redirect: 'manual' });
    expect(forged.headers.get('location')).toBe(`${stack.url}/dashboard/calendar/settings?error=invalid_state`);
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie } });
    expect(replay.headers.get('location')).toBe(`${stack.url}/dashboard/calendar/settings?error=invalid_state`);

    // Expired: the user took longer than the state's life.
    const late = await api('/calendar/connect?provider=google', { token: client.idToken });
    const lateCookie = late.headers.get('set-cookie')!.split(';')[0]!;
    const state = new URL(late.body.data.url).searchParams.get('state')!;
    const key = db().entities.oauthState.get({ state }).params().Key;
    await dynamoDb().send(new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: key, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));
    const lateConsent = await fetch(late.body.data.url, { redirect: 'manual' });
    const expired = await fetch(lateConsent.headers.get('location')!, { redirect: 'manual', headers: { cookie: lateCookie } });
    expect(expired.headers.get('location')).toBe(`${stack.url}/dashboard/calendar/settings?error=state_expired`);

    // Denied at the provider.
    google.setConsent('deny');
    const denied = await api('/calendar/connect?provider=google', { token: client.idToken });
    const deniedCookie = denied.headers.get('set-cookie')!.split(';')[0]!;
    const refusal = await fetch(denied.body.data.url, { redirect: 'manual' });
    const back = await fetch(refusal.headers.get('location')!, { redirect: 'manual', headers: { cookie: deniedCookie } });
    expect(back.headers.get('location')).toBe(`${stack.url}/dashboard/calendar/settings?error=access_denied`);

    expect(await listConnections(client.id)).toEqual([]);
  });

  it('says a provider without credentials is not configured, and health tells the site', async () => {
    configure({ MICROSOFT_CLIENT_ID: undefined, MICROSOFT_CLIENT_SECRET: undefined });
    const client = await registeredUser(stack.url);
    const result = await api('/calendar/connect?provider=microsoft', { token: client.idToken });
    expect(result.status).toBe(503);
    expect(result.body.error).toBe('Microsoft Outlook is not configured');
    expect((await api('/health')).body.data.calendar).toEqual({ google: true, microsoft: false });
    expect((await api('/calendar/connect?provider=yahoo', { token: client.idToken })).status).toBe(400);
  });

  it("answers 404 for another user's connection and keeps it", async () => {
    const owner = await registeredUser(stack.url);
    const other = await registeredUser(stack.url);
    await connect(owner, 'google', `owner.${owner.id.slice(0, 8)}@gmail.test`);
    const { id } = await connectionOf(owner, 'google');
    expect((await api(`/calendar?id=${id}`, { method: 'DELETE', token: other.idToken })).status).toBe(404);
    expect((await api(`/calendar/sync?id=${id}`, { method: 'POST', token: other.idToken })).status).toBe(404);
    expect((await api(`/calendar?id=not-a-uuid`, { method: 'DELETE', token: owner.idToken })).status).toBe(400);
    expect(await connectionOf(owner, 'google')).toMatchObject({ id, status: 'active' });
  });
});

describe('pushing appointments to calendars', () => {
  it("puts an admin's request in the client's and the admin's calendars, follows confirmation and cancellation, once each", async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const clientAccount = `client.${client.id.slice(0, 8)}@gmail.test`;
    const adminAccount = `admin.${admin.id.slice(0, 8)}@contoso.test`;
    await connect(client, 'google', clientAccount);
    await connect(admin, 'microsoft', adminAccount);

    const appointment = await requestAppointment(admin, client);
    const pending = googleEventOf(clientAccount, appointment.id)!;
    expect(pending).toMatchObject({ summary: 'Bilan annuel', status: 'tentative', location: 'Bureau de Paris' });
    expect(Date.parse(pending.start.dateTime!)).toBe(Date.parse(appointment.startTime));
    expect(microsoft.events(adminAccount).filter((e) => e.subject === 'Bilan annuel')).toHaveLength(1);

    const confirmed = await api(`/appointments/${appointment.id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed' } });
    expect(confirmed.status).toBe(200);
    await stack.settled();
    expect(googleEventOf(clientAccount, appointment.id)!.status).toBe('confirmed');
    expect(google.events(clientAccount).filter((e) => e.extendedProperties?.private?.rdvAppointmentId === appointment.id)).toHaveLength(1);

    // The same event delivered again (EventBridge may) changes nothing at the providers.
    google.resetRequests();
    microsoft.resetRequests();
    await pushAppointment(appointment.id, []);
    expect(google.requests.filter((r) => r.path.includes('/events'))).toEqual([]);
    expect(microsoft.requests.filter((r) => r.path.includes('/events'))).toEqual([]);

    const cancelled = await api(`/appointments/${appointment.id}`, { method: 'PUT', token: client.idToken, json: { status: 'cancelled' } });
    expect(cancelled.status).toBe(200);
    await stack.settled();
    expect(googleEventOf(clientAccount, appointment.id)).toBeUndefined();
    expect(microsoft.events(adminAccount).filter((e) => e.subject === 'Bilan annuel')).toEqual([]);
  });

  it('retries a push that failed and repairs what stayed behind on the scheduled run, without duplicates', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const account = `repair.${client.id.slice(0, 8)}@gmail.test`;
    await connect(client, 'google', account);
    // Google cannot be reached for longer than the consumer's retries: the event stays behind.
    configure({ GOOGLE_CALENDAR_API_URL: UNREACHABLE });
    const appointment = await requestAppointment(admin, client);
    expect(googleEventOf(account, appointment.id)).toBeUndefined();
    expect(await getAppointment(appointment.id)).toMatchObject({ status: 'pending' });

    configure();
    await scheduledSync(client);
    expect(google.events(account).filter((e) => e.extendedProperties?.private?.rdvAppointmentId === appointment.id)).toHaveLength(1);
    expect(await connectionOf(client, 'google')).toMatchObject({ status: 'active' });
  });

  it('pushes existing appointments when a calendar is connected, and reconnecting the same account creates no duplicate', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const first = await requestAppointment(admin, client);
    const second = await requestAppointment(admin, client, soon(undefined, 30, 12));
    const account = `reconnect.${client.id.slice(0, 8)}@contoso.test`;
    await connect(client, 'microsoft', account);
    const subjects = () => microsoft.events(account).map((e) => e.subject).sort();
    expect(subjects()).toEqual(['Bilan annuel', 'Bilan annuel']);
    const { id } = await connectionOf(client, 'microsoft');

    await connect(client, 'microsoft', account);
    expect((await connectionOf(client, 'microsoft')).id).toBe(id);
    expect(await listConnections(client.id)).toHaveLength(1);
    expect(subjects()).toHaveLength(2);
    expect((await listLinks(id)).map((l) => l.appointmentId).sort()).toEqual([first.id, second.id].sort());
  });
});

describe('pulling changes from calendars', () => {
  it("imports an admin's busy time (no title) so the slot is no longer offered, and removes it when the event goes", async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `busy.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    const day = soon(0, 60, 14).startTime.slice(0, 10);
    const dayOfWeek = new Date(`${day}T12:00:00Z`).getUTCDay();
    const slot = await api('/admin/availability/slots', { method: 'POST', token: admin.idToken, json: { dayOfWeek, startTime: '09:00', endTime: '12:00', duration: 60 } });
    expect(slot.status).toBe(201);
    const offered = async () => {
      const result = await api(`/availability?from=${day}&to=${day}T23:59:59Z&adminId=${admin.id}&timezone=Europe/Paris`);
      expect(result.status).toBe(200);
      return (result.body.data.slots as Array<{ startTime: string }>).map((s) => s.startTime);
    };
    const before = await offered();
    expect(before).toHaveLength(3);

    // The admin's dentist appointment, made in Google Calendar over the second slot.
    const dentist = google.addEvent(account, {
      summary: 'Dentiste',
      start: { dateTime: before[1]!, timeZone: 'Europe/Paris' },
      end: { dateTime: new Date(Date.parse(before[1]!) + 3_600_000).toISOString(), timeZone: 'Europe/Paris' },
    });
    const { id } = await connectionOf(admin, 'google');
    expect((await syncNow(admin, id)).status).toBe(202);
    expect(await offered()).toEqual([before[0], before[2]]);
    const blocks = await db().entities.busyBlock.query.byConnection({ connectionId: id }).go();
    expect(blocks.data).toHaveLength(1);
    expect(JSON.stringify(blocks.data)).not.toContain('Dentiste');

    // A second click within the minute is refused; the scheduled run syncs as usual.
    expect((await api(`/calendar/sync?id=${id}`, { method: 'POST', token: admin.idToken })).status).toBe(429);
    google.deleteEvent(account, dentist.id);
    await scheduledSync(admin);
    expect(await offered()).toEqual(before);
  });

  it("records an event of ours moved or deleted in the calendar for admins, and never moves or cancels the appointment", async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const account = `moved.${client.id.slice(0, 8)}@gmail.test`;
    await connect(client, 'google', account);
    const appointment = await requestAppointment(admin, client);
    const event = googleEventOf(account, appointment.id)!;
    const later = new Date(Date.parse(appointment.startTime) + 2 * 3_600_000).toISOString();
    google.updateEvent(account, event.id, { start: { dateTime: later }, end: { dateTime: new Date(Date.parse(later) + 3_600_000).toISOString() } });
    await scheduledSync(client);

    const seenByAdmin = await api(`/appointments/${appointment.id}`, { token: admin.idToken });
    expect(seenByAdmin.body.data).toMatchObject({ startTime: appointment.startTime, status: 'pending' });
    expect(seenByAdmin.body.data.externalChange).toMatchObject({ kind: 'moved', provider: 'google', email: account, startTime: later });
    expect((await api(`/appointments/${appointment.id}`, { token: client.idToken })).body.data.externalChange).toBeUndefined();

    google.deleteEvent(account, event.id);
    await scheduledSync(client);
    const afterDelete = await api(`/appointments/${appointment.id}`, { token: admin.idToken });
    expect(afterDelete.body.data).toMatchObject({ status: 'pending', startTime: appointment.startTime });
    expect(afterDelete.body.data.externalChange).toMatchObject({ kind: 'deleted' });

    // The admin confirms: our version goes back to the calendar and the note is outdated.
    await api(`/appointments/${appointment.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'confirmed' } });
    await stack.settled();
    expect(googleEventOf(account, appointment.id)).toMatchObject({ status: 'confirmed' });
    expect((await api(`/appointments/${appointment.id}`, { token: admin.idToken })).body.data.externalChange).toBeUndefined();
  });

  it('follows Microsoft delta links: busy time in, deleted events out, one request for an unchanged calendar', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `delta.${admin.id.slice(0, 8)}@contoso.test`;
    const times = soon(9, 90, 20);
    await connect(admin, 'microsoft', account);
    const meeting = microsoft.addEvent(account, { subject: 'Comité', start: { dateTime: times.startTime.replace(/\.000Z$/, ''), timeZone: 'UTC' }, end: { dateTime: times.endTime.replace(/\.000Z$/, ''), timeZone: 'UTC' } });
    const { id } = await connectionOf(admin, 'microsoft');
    await syncNow(admin, id);
    expect((await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).length).toBe(1);

    microsoft.resetRequests();
    await scheduledSync(admin);
    expect(microsoft.requests.filter((r) => r.path.includes('delta'))).toHaveLength(1);

    microsoft.deleteEvent(account, meeting.id);
    await scheduledSync(admin);
    expect(await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).toEqual([]);
  });
});

describe('provider faults', () => {
  it('marks a revoked grant needs_reauth without losing anything, and resumes after reconnecting', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const account = `revoked.${client.id.slice(0, 8)}@gmail.test`;
    await connect(client, 'google', account);
    const appointment = await requestAppointment(admin, client);
    google.revokeGrants(account);
    google.expireAccessTokens();
    await scheduledSync(client);
    const broken = await connectionOf(client, 'google');
    expect(broken).toMatchObject({ status: 'needs_reauth' });
    expect(broken.lastError).toMatch(/reconnect/i);
    expect(await getAppointment(appointment.id)).toMatchObject({ status: 'pending' });
    expect((await api(`/calendar/sync?id=${broken.id}`, { method: 'POST', token: client.idToken })).status).toBe(409);
    // A message queued before the grant broke finds it waiting for the user: no provider call.
    google.resetRequests();
    await enqueueCalendarSync([{ userId: client.id, connectionId: broken.id, reason: 'scheduled' }]);
    await stack.settled();
    expect(google.requests).toEqual([]);

    await connect(client, 'google', account);
    expect(await connectionOf(client, 'google')).toMatchObject({ id: broken.id, status: 'active' });
    expect(google.events(account).filter((e) => e.extendedProperties?.private?.rdvAppointmentId === appointment.id)).toHaveLength(1);
  });

  it('refreshes an expired access token on the fly and keeps working', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `refresh.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    google.expireAccessTokens();
    google.resetRequests();
    await scheduledSync(admin);
    expect(google.requests.filter((r) => r.path.endsWith('/token'))).toHaveLength(1);
    expect(await connectionOf(admin, 'google')).toMatchObject({ status: 'active' });
  });

  it('waits out a 429 with Retry-After and a 403 userRateLimitExceeded, reports a provider outage on the connection, and recovers on the next run', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `outage.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    const times = soon(10, 60, 25);
    google.addEvent(account, { summary: 'Formation', start: { dateTime: times.startTime }, end: { dateTime: times.endTime } });
    google.failNext(1, { status: 429, retryAfterSeconds: 1 });
    await scheduledSync(admin);
    expect((await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).length).toBe(1);

    // Google also rate-limits with 403 and the reason userRateLimitExceeded (no Retry-After):
    // the same wait and retry, not a refusal of access.
    const limited = soon(12, 60, 25);
    google.addEvent(account, { summary: 'Atelier', start: { dateTime: limited.startTime }, end: { dateTime: limited.endTime } });
    google.failNext(2, { status: 403, reason: 'userRateLimitExceeded', message: 'Rate Limit Exceeded' });
    const connection = await connectionOf(admin, 'google');
    // One run does it: the waits happen inside the run, no failed run for the queue to repeat.
    expect(await syncConnection(admin.id, connection.id)).toMatchObject({ outcome: 'synced' });
    expect((await busyBlocksOverlapping(limited.startTime, limited.endTime, admin.id)).length).toBe(1);
    expect(await connectionOf(admin, 'google')).toMatchObject({ status: 'active' });

    const second = soon(14, 60, 26);
    google.addEvent(account, { summary: 'Salon', start: { dateTime: second.startTime }, end: { dateTime: second.endTime } });
    configure({ GOOGLE_CALENDAR_API_URL: UNREACHABLE });
    await scheduledSync(admin);
    const down = await connectionOf(admin, 'google');
    expect(down).toMatchObject({ status: 'error' });
    expect(down.lastError).toMatch(/did not answer/);
    expect((await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).length).toBe(1);

    configure();
    await scheduledSync(admin);
    expect(await connectionOf(admin, 'google')).toMatchObject({ status: 'active' });
    expect((await busyBlocksOverlapping(second.startTime, second.endTime, admin.id)).length).toBe(1);
  });

  it('starts a full sync when the sync token is gone (410), dropping busy time of events deleted meanwhile', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `gone.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    const kept = soon(8, 60, 30);
    const dropped = soon(15, 60, 30);
    google.addEvent(account, { start: { dateTime: kept.startTime }, end: { dateTime: kept.endTime } });
    const gone = google.addEvent(account, { start: { dateTime: dropped.startTime }, end: { dateTime: dropped.endTime } });
    await scheduledSync(admin);
    expect((await busyBlocksOverlapping(dropped.startTime, dropped.endTime, admin.id)).length).toBe(1);

    google.deleteEvent(account, gone.id);
    google.invalidateSyncTokens(account);
    await scheduledSync(admin);
    expect((await busyBlocksOverlapping(kept.startTime, kept.endTime, admin.id)).length).toBe(1);
    expect(await busyBlocksOverlapping(dropped.startTime, dropped.endTime, admin.id)).toEqual([]);
    expect(await connectionOf(admin, 'google')).toMatchObject({ status: 'active' });
  });
});

describe('disconnecting', () => {
  it('revokes the Google grant, deletes the connection and its busy time, and leaves appointments alone', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `bye.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    const times = soon(11, 60, 15);
    google.addEvent(account, { start: { dateTime: times.startTime }, end: { dateTime: times.endTime } });
    const client = await registeredUser(stack.url);
    const appointment = await requestAppointment(admin, client);
    await scheduledSync(admin);
    const { id } = await connectionOf(admin, 'google');
    google.resetRequests();

    const result = await api(`/calendar?id=${id}`, { method: 'DELETE', token: admin.idToken });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ id, disconnected: true });
    expect(google.requests.filter((r) => r.path.endsWith('/revoke'))).toHaveLength(1);
    expect(await listConnections(admin.id)).toEqual([]);
    expect(await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).toEqual([]);
    expect(await getAppointment(appointment.id)).toMatchObject({ status: 'pending' });
  });
});

describe('push notifications', () => {
  beforeEach(() => configure({ CALENDAR_NOTIFICATIONS: 'on', CALENDAR_NOTIFICATION_DELAY_SECONDS: '0' }));

  /** The provider's notification reached us and the sync it queued has run. */
  async function notified(fake: FakeGoogle | FakeMicrosoft) {
    await fake.flushNotifications();
    await stack.settled();
  }

  it('watches a Google calendar after its first sync and syncs on its notifications; a forged one changes nothing', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `watch.${admin.id.slice(0, 8)}@gmail.test`;
    await connect(admin, 'google', account);
    const [channel] = google.channels(account);
    expect(channel).toMatchObject({ address: `${stack.url}/api/calendar/notifications/google` });
    expect(channel!.token).toBeDefined();

    const times = soon(13, 60, 21);
    google.addEvent(account, { summary: 'Réunion', start: { dateTime: times.startTime }, end: { dateTime: times.endTime } });
    await notified(google);
    expect((await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).length).toBe(1);
    expect(google.notifications.filter((n) => n.channelId === channel!.id).map((n) => n.status)).toEqual([200, 200]);

    const forged = await fetch(`${stack.url}/api/calendar/notifications/google`, {
      method: 'POST',
      headers: { 'x-goog-channel-id': channel!.id, 'x-goog-channel-token': 'guessed', 'x-goog-resource-state': 'exists' },
    });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${stack.url}/api/calendar/notifications/google`, {
      method: 'POST',
      headers: { 'x-goog-channel-id': 'no-such-channel', 'x-goog-channel-token': 'x', 'x-goog-resource-state': 'exists' },
    });
    expect(unknown.status).toBe(404);
  });

  it('subscribes to Outlook events through the validation handshake and syncs on change notifications', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const account = `subscribe.${admin.id.slice(0, 8)}@contoso.test`;
    await connect(admin, 'microsoft', account);
    const [subscription] = microsoft.subscriptions(account);
    expect(subscription).toMatchObject({ notificationUrl: `${stack.url}/api/calendar/notifications/microsoft`, resource: 'me/events' });
    expect(microsoft.validations.at(-1)).toMatchObject({ ok: true });

    const times = soon(12, 30, 22);
    microsoft.addEvent(account, { subject: 'Point', start: { dateTime: times.startTime.replace(/\.000Z$/, ''), timeZone: 'UTC' }, end: { dateTime: times.endTime.replace(/\.000Z$/, ''), timeZone: 'UTC' } });
    await notified(microsoft);
    expect((await busyBlocksOverlapping(times.startTime, times.endTime, admin.id)).length).toBe(1);
    expect(microsoft.notifications.at(-1)).toMatchObject({ subscriptionId: subscription!.id, status: 202 });

    // A notification with a wrong clientState is acknowledged (Graph wants 202) and ignored.
    const before = (await listConnections(admin.id))[0]!.lastSyncAt;
    const forged = await call(`${stack.url}/api/calendar/notifications/microsoft`, { method: 'POST', json: { value: [{ subscriptionId: subscription!.id, clientState: 'guessed', changeType: 'updated' }] } });
    expect(forged.status).toBe(202);
    await stack.settled();
    expect((await listConnections(admin.id))[0]!.lastSyncAt).toBe(before);
  });

  it('renews channels a day before they expire (a new Google channel, a longer Graph subscription) and stops them on disconnect', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const googleAccount = `renew.${admin.id.slice(0, 8)}@gmail.test`;
    const microsoftAccount = `renew.${admin.id.slice(0, 8)}@contoso.test`;
    await connect(admin, 'google', googleAccount);
    await connect(admin, 'microsoft', microsoftAccount);
    const [oldChannel] = google.channels(googleAccount);
    const [subscription] = microsoft.subscriptions(microsoftAccount);
    for (const connection of await listConnections(admin.id)) {
      await updateConnection(connection, { channelExpiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    }
    await scheduledSync(admin);
    const [newChannel] = google.channels(googleAccount);
    expect(google.channels(googleAccount)).toHaveLength(1);
    expect(newChannel!.id).not.toBe(oldChannel!.id);
    expect(microsoft.subscriptions(microsoftAccount)).toHaveLength(1);
    expect(microsoft.subscriptions(microsoftAccount)[0]).toMatchObject({ id: subscription!.id });
    expect(Date.parse(microsoft.subscriptions(microsoftAccount)[0]!.expirationDateTime)).toBeGreaterThan(Date.now() + 2 * 86_400_000);

    for (const connection of await listConnections(admin.id)) {
      expect((await api(`/calendar?id=${connection.id}`, { method: 'DELETE', token: admin.idToken })).status).toBe(200);
    }
    expect(google.channels(googleAccount)).toEqual([]);
    expect(microsoft.subscriptions(microsoftAccount)).toEqual([]);
  });
});

describe('erasing an account', () => {
  it('revokes its calendar grants and forgets its connections', async () => {
    const client = await registeredUser(stack.url);
    await connect(client, 'google', `erase.${client.id.slice(0, 8)}@gmail.test`);
    google.resetRequests();
    const erased = await api('/me', { method: 'DELETE', token: client.idToken });
    expect(erased.body.data).toMatchObject({ deleted: true, calendarConnectionsDeleted: 1 });
    expect(google.requests.filter((r) => r.path.endsWith('/revoke'))).toHaveLength(1);
    expect(await listConnections(client.id)).toEqual([]);
  });
});

describe('the scheduled dispatcher', () => {
  // Last in this file: it stops this file's consumers so that the messages it queues for the whole
  // table (other files' connections too) are only looked at, not synced against this file's fakes.
  it('queues one message per active connection and none for a connection waiting for reconnection', async () => {
    const healthy = await registeredUser(stack.url);
    const broken = await registeredUser(stack.url);
    await connect(healthy, 'google', `healthy.${healthy.id.slice(0, 8)}@gmail.test`);
    await connect(broken, 'microsoft', `broken.${broken.id.slice(0, 8)}@contoso.test`);
    microsoft.revokeGrants(`broken.${broken.id.slice(0, 8)}@contoso.test`);
    microsoft.expireAccessTokens();
    await scheduledSync(broken);
    expect(await connectionOf(broken, 'microsoft')).toMatchObject({ status: 'needs_reauth' });

    await stack.stop();
    stackStopped = true;
    const queued: SyncMessage[] = [];
    const stopListening = onCalendarSyncMessages((messages) => void queued.push(...messages));
    const dispatcher = listJobs().find((job) => job.name === 'calendar-sync-dispatch')!;
    const result = (await invokeJob(dispatcher, scheduledEvent())) as { queued: number };
    stopListening();
    expect(result.queued).toBe(queued.length);
    const [healthyConnection] = await listConnections(healthy.id);
    const [brokenConnection] = await listConnections(broken.id);
    expect(queued).toContainEqual({ userId: healthy.id, connectionId: healthyConnection!.id, reason: 'scheduled' });
    expect(queued.map((m) => m.connectionId)).not.toContain(brokenConnection!.id);
    expect(new Set(queued.map((m) => m.connectionId)).size).toBe(queued.length);
  });
});
