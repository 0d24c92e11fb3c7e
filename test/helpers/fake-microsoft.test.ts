import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMicrosoft, type FakeMicrosoft } from './fake-microsoft.ts';

/** The fake driven with plain fetch: each protocol behaviour the product's clients rely on. */
let microsoft: FakeMicrosoft;
const REDIRECT = 'http://127.0.0.1:9/api/calendar/callback/microsoft';
const SCOPE = 'offline_access User.Read Calendars.ReadWrite';
const PROPERTY = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name rdvAppointmentId';

beforeAll(async () => {
  microsoft = await startFakeMicrosoft();
});
afterAll(() => microsoft.stop());

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function authorize(params: Record<string, string>) {
  const url = new URL(`${microsoft.env.MICROSOFT_AUTHORITY_URL}/oauth2/v2.0/authorize`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return fetch(url, { redirect: 'manual' });
}

const authParams = (challenge: string, extra: Record<string, string> = {}) => ({
  client_id: microsoft.clientId,
  redirect_uri: REDIRECT,
  response_type: 'code',
  response_mode: 'query',
  scope: SCOPE,
  code_challenge: challenge,
  code_challenge_method: 'S256',
  state: 'state-456',
  ...extra,
});

const tokenUrl = () => `${microsoft.env.MICROSOFT_AUTHORITY_URL}/oauth2/v2.0/token`;
async function postForm(form: Record<string, string>) {
  const response = await fetch(tokenUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function connect(email: string) {
  microsoft.setConsent(email);
  const { verifier, challenge } = pkce();
  const code = new URL((await authorize(authParams(challenge))).headers.get('location')!).searchParams.get('code')!;
  const tokens = await postForm({
    client_id: microsoft.clientId,
    client_secret: microsoft.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    scope: SCOPE,
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; refresh_token: string };
}

async function call(token: string | null, method: string, pathOrUrl: string, body?: unknown, headers: Record<string, string> = {}) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${microsoft.env.MICROSOFT_GRAPH_URL}${pathOrUrl}`;
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const at = (day: number, hour: number, zone = 'UTC') => ({ dateTime: `2026-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.0000000`, timeZone: zone });
const event = (subject: string, day: number, hour: number, extra: Record<string, unknown> = {}) => ({ subject, start: at(day, hour), end: at(day, hour + 1), ...extra });

/** A whole delta round: every page's values, and the deltaLink closing it. */
async function round(token: string, first: string, headers: Record<string, string> = {}) {
  const values: Array<Record<string, any>> = [];
  const pages: Array<Record<string, any>> = [];
  let next: string | undefined = first;
  let deltaLink: string | undefined;
  while (next) {
    const page = await call(token, 'GET', next, undefined, headers);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    pages.push(page.body);
    values.push(...page.body.value);
    next = page.body['@odata.nextLink'];
    deltaLink = page.body['@odata.deltaLink'];
  }
  return { values, pages, deltaLink: deltaLink! };
}

describe('Microsoft identity platform (auth code flow + PKCE)', () => {
  it('shows its own 400 page for an unknown client, and redirects other errors back to the app', async () => {
    const { challenge } = pkce();
    expect((await authorize(authParams(challenge, { client_id: '00000000-0000-0000-0000-000000000000' }))).status).toBe(400);
    const errorOf = async (extra: Record<string, string>) => {
      const params: Record<string, string> = authParams(challenge, extra);
      for (const [key, value] of Object.entries(params)) if (value === '') delete params[key];
      const response = await authorize(params);
      expect(response.status).toBe(302);
      return Object.fromEntries(new URL(response.headers.get('location')!).searchParams);
    };
    expect(await errorOf({ code_challenge: '' })).toMatchObject({ error: 'invalid_request', state: 'state-456' });
    expect(await errorOf({ scope: 'User.Read Calendars.ReadWrite' })).toMatchObject({ error: 'invalid_scope' });
    expect(await errorOf({ response_type: 'token' })).toMatchObject({ error: 'unsupported_response_type' });
  });

  it('redirects with code + state on consent, with error=access_denied + error_description on refusal', async () => {
    const { challenge } = pkce();
    microsoft.setConsent('ana@outlook.test');
    const granted = new URL((await authorize(authParams(challenge))).headers.get('location')!);
    expect(`${granted.origin}${granted.pathname}`).toBe(REDIRECT);
    expect(granted.searchParams.get('code')).toBeTruthy();
    expect(granted.searchParams.get('state')).toBe('state-456');

    microsoft.setConsent('deny');
    const denied = Object.fromEntries(new URL((await authorize(authParams(challenge))).headers.get('location')!).searchParams);
    expect(denied).toEqual({ error: 'access_denied', error_description: expect.stringContaining('AADSTS65004'), state: 'state-456' });
  });

  it('redeems a code once with secret + verifier; refreshes into a new access AND refresh token, the old one still valid', async () => {
    microsoft.setConsent('bob@outlook.test');
    const { verifier, challenge } = pkce();
    const code = new URL((await authorize(authParams(challenge))).headers.get('location')!).searchParams.get('code')!;
    const form = { client_id: microsoft.clientId, client_secret: microsoft.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };

    expect(await postForm({ ...form, client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const mismatch = await postForm({ ...form, code_verifier: pkce().verifier });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [expect.any(Number)], trace_id: expect.any(String), correlation_id: expect.any(String), timestamp: expect.any(String) } });
    expect(mismatch.body.error_description).toMatch(/^AADSTS\d+: /);

    const tokens = await postForm(form);
    expect(tokens).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', scope: expect.stringContaining('Calendars.ReadWrite'), expires_in: 3599, ext_expires_in: expect.any(Number), access_token: expect.any(String), refresh_token: expect.any(String) },
    });
    expect(await postForm(form)).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [54005] } });

    const refresh = (refreshToken: string) => postForm({ client_id: microsoft.clientId, client_secret: microsoft.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken, scope: SCOPE });
    const first = await refresh(tokens.body.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeDefined();
    expect(first.body.refresh_token).not.toBe(tokens.body.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.body.access_token);
    expect((await refresh(tokens.body.refresh_token)).status).toBe(200);
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
  });

  it('answers invalid_grant after revokeGrants, 401 for expired access tokens (refresh still works)', async () => {
    const tokens = await connect('cyd@outlook.test');
    expect((await call(tokens.access_token, 'GET', '/me')).status).toBe(200);
    microsoft.expireAccessTokens();
    const expired = await call(tokens.access_token, 'GET', '/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('InvalidAuthenticationToken');
    const refreshed = await postForm({ client_id: microsoft.clientId, client_secret: microsoft.clientSecret, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect((await call(refreshed.body.access_token, 'GET', '/me')).status).toBe(200);

    microsoft.revokeGrants('cyd@outlook.test');
    const revoked = await postForm({ client_id: microsoft.clientId, client_secret: microsoft.clientSecret, grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
    expect(revoked).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [50173] } });
    expect((await call(refreshed.body.access_token, 'GET', '/me')).status).toBe(401);
    expect((await call(null, 'GET', '/me')).status).toBe(401);
  });
});

describe('Microsoft Graph: me, calendar and events', () => {
  let token: string;
  const email = 'dee@outlook.test';
  beforeAll(async () => {
    microsoft.addAccount('nomail@outlook.test', { mail: null, displayName: 'No Mail' });
    token = (await connect(email)).access_token;
  });

  it('answers /me and /me/calendar; mail may be null for some accounts', async () => {
    expect((await call(token, 'GET', '/me')).body).toMatchObject({ id: expect.any(String), displayName: 'Dee', mail: email, userPrincipalName: email });
    const calendar = await call(token, 'GET', '/me/calendar');
    expect(calendar.body).toMatchObject({ id: expect.any(String), name: 'Calendar', isDefaultCalendar: true, owner: { name: 'Dee', address: email } });
    expect((await call(token, 'GET', `/me/calendars/${encodeURIComponent(calendar.body.id)}`)).body.id).toBe(calendar.body.id);
    expect((await call(token, 'GET', '/me/calendars/AQMkAunknown')).status).toBe(404);

    const other = await connect('nomail@outlook.test');
    expect((await call(other.access_token, 'GET', '/me')).body).toMatchObject({ mail: null, userPrincipalName: 'nomail@outlook.test', displayName: 'No Mail' });
  });

  it('creates events; a create repeating a transactionId answers the existing event (201, no duplicate)', async () => {
    const calendarId = (await call(token, 'GET', '/me/calendar')).body.id as string;
    const body = event('Consultation', 20, 10, {
      transactionId: 'appointment-1',
      body: { contentType: 'text', content: 'Booked online' },
      location: { displayName: 'Cabinet' },
      singleValueExtendedProperties: [{ id: PROPERTY, value: 'appointment-1' }],
    });
    const created = await call(token, 'POST', `/me/calendars/${encodeURIComponent(calendarId)}/events`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/=$/),
      iCalUId: expect.any(String),
      createdDateTime: expect.any(String),
      lastModifiedDateTime: expect.any(String),
      changeKey: expect.any(String),
      webLink: expect.any(String),
      transactionId: 'appointment-1',
      subject: 'Consultation',
      showAs: 'busy',
      isAllDay: false,
      isCancelled: false,
      location: expect.objectContaining({ displayName: 'Cabinet' }),
      start: { dateTime: '2026-01-20T10:00:00.0000000', timeZone: 'UTC' },
    });
    expect(created.body.singleValueExtendedProperties).toBeUndefined();

    const retried = await call(token, 'POST', '/me/events', { ...body, subject: 'Retried' });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(created.body.id);
    expect(microsoft.events(email).filter((e) => e.transactionId === 'appointment-1')).toHaveLength(1);

    expect((await call(token, 'POST', '/me/events', { ...event('Bad', 20, 10), notAProperty: 1 })).status).toBe(400);
    expect((await call(token, 'POST', '/me/events', { subject: 'No times' })).status).toBe(400);
    const badZone = await call(token, 'POST', '/me/events', event('Bad zone', 20, 10, { start: at(20, 10, 'Mars/Olympus') }));
    expect(badZone.body.error.code).toBe('TimeZoneNotSupportedException');
  });

  it('reads times in the given zone, answers a GET in UTC or the Prefer outlook.timezone, extended properties only on $expand', async () => {
    const created = await call(token, 'POST', '/me/events', {
      subject: 'Paris',
      start: at(21, 10, 'Europe/Paris'),
      end: at(21, 11, 'Europe/Paris'),
      singleValueExtendedProperties: [{ id: PROPERTY, value: 'appointment-2' }],
    });
    expect(created.body.start).toEqual({ dateTime: '2026-01-21T10:00:00.0000000', timeZone: 'Europe/Paris' });
    const path = `/me/events/${encodeURIComponent(created.body.id)}`;
    const plain = await call(token, 'GET', path);
    expect(plain.body.start).toEqual({ dateTime: '2026-01-21T09:00:00.0000000', timeZone: 'UTC' });
    expect(plain.body.singleValueExtendedProperties).toBeUndefined();
    const local = await call(token, 'GET', path, undefined, { prefer: 'outlook.timezone="America/New_York"' });
    expect(local.body.end).toEqual({ dateTime: '2026-01-21T05:00:00.0000000', timeZone: 'America/New_York' });
    const expanded = await call(token, 'GET', `${path}?$expand=${encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROPERTY}')`)}`);
    expect(expanded.body.singleValueExtendedProperties).toEqual([{ id: PROPERTY, value: 'appointment-2' }]);
  });

  it('patches and deletes; unknown or deleted ids answer 404 ErrorItemNotFound', async () => {
    const created = await call(token, 'POST', '/me/events', event('To move', 22, 9));
    const path = `/me/events/${encodeURIComponent(created.body.id)}`;
    const patched = await call(token, 'PATCH', path, { start: at(22, 14), end: at(22, 15), showAs: 'free' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ subject: 'To move', showAs: 'free', start: at(22, 14) });
    expect(patched.body.changeKey).not.toBe(created.body.changeKey);
    expect((await call(token, 'PATCH', path, { start: at(22, 16) })).body.error.code).toBe('ErrorCalendarEndDateIsEarlierThanStartDate');

    expect((await call(token, 'DELETE', path)).status).toBe(204);
    const gone = await call(token, 'GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' });
    expect((await call(token, 'DELETE', path)).status).toBe(404);
  });
});

describe('Microsoft Graph calendarView delta', () => {
  let token: string;
  const email = 'eli@outlook.test';
  const window = `/me/calendarView/delta?startDateTime=2026-02-01T00:00:00Z&endDateTime=2026-03-01T00:00:00Z`;
  const feb = (day: number, hour: number) => ({ dateTime: `2026-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00`, timeZone: 'UTC' });
  beforeAll(async () => {
    token = (await connect(email)).access_token;
  });

  it('needs the window on the first round', async () => {
    const missing = await call(token, 'GET', '/me/calendarView/delta?startDateTime=2026-02-01T00:00:00Z');
    expect(missing.status).toBe(400);
    expect((await call(token, 'GET', `${window}&$select=subject`)).status).toBe(400);
  });

  it('pages a round by odata.maxpagesize (10 by default): nextLink with $skiptoken, the last page a deltaLink with $deltatoken', async () => {
    for (let day = 2; day <= 13; day += 1) microsoft.addEvent(email, { subject: `Feb ${day}`, start: feb(day, 9), end: feb(day, 10) });
    microsoft.addEvent(email, { subject: 'March, outside', start: { dateTime: '2026-03-05T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-03-05T10:00:00', timeZone: 'UTC' } });

    const byDefault = await round(token, window);
    expect(byDefault.pages.map((p) => p.value.length)).toEqual([10, 2]);
    const small = await round(token, window, { prefer: 'odata.maxpagesize=5' });
    expect(small.pages.map((p) => p.value.length)).toEqual([5, 5, 2]);
    for (const page of small.pages.slice(0, -1)) {
      expect(page['@odata.nextLink']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/me\/calendarView\/delta\?\$skiptoken=/);
      expect(page['@odata.deltaLink']).toBeUndefined();
    }
    expect(small.deltaLink).toMatch(/\?\$deltatoken=/);
    expect(small.values.map((v) => v.subject)).toEqual(Array.from({ length: 12 }, (_, i) => `Feb ${i + 2}`));
    expect(small.values[0]).toMatchObject({ '@odata.type': '#microsoft.graph.event', start: { dateTime: '2026-02-02T09:00:00.0000000', timeZone: 'UTC' } });
  });

  it('follows a deltaLink with only the changes: updated and new events, deletions and moves out of the window as @removed', async () => {
    const first = await round(token, window);
    expect((await round(token, first.deltaLink)).values).toEqual([]);
    const [a, b, c] = microsoft.events(email);
    microsoft.updateEvent(email, a!.id, { subject: 'Renamed' });
    microsoft.deleteEvent(email, b!.id);
    microsoft.updateEvent(email, c!.id, { start: { dateTime: '2026-04-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-04-01T10:00:00', timeZone: 'UTC' } });
    const added = microsoft.addEvent(email, { subject: 'New', start: { dateTime: '2026-02-20T08:00:00', timeZone: 'Europe/Paris' }, end: { dateTime: '2026-02-20T09:00:00', timeZone: 'Europe/Paris' } });

    const changes = await round(token, first.deltaLink, { prefer: 'outlook.timezone="UTC"' });
    expect(changes.values).toEqual([
      expect.objectContaining({ id: a!.id, subject: 'Renamed' }),
      expect.objectContaining({ id: added.id, start: { dateTime: '2026-02-20T07:00:00.0000000', timeZone: 'UTC' } }),
      { '@odata.type': '#microsoft.graph.event', id: b!.id, '@removed': { reason: 'deleted' } },
      { '@odata.type': '#microsoft.graph.event', id: c!.id, '@removed': { reason: 'deleted' } },
    ]);
    expect((await round(token, changes.deltaLink)).values).toEqual([]);
  });

  it('answers 410 SyncStateNotFound for a delta token whose sync state is gone', async () => {
    const { deltaLink } = await round(token, window);
    microsoft.invalidateDeltaTokens(email);
    const gone = await call(token, 'GET', deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('SyncStateNotFound');
    expect((await round(token, window)).deltaLink).toBeDefined();
  });
});

describe('Microsoft fault knobs and the request log', () => {
  let token: string;
  beforeAll(async () => {
    token = (await connect('fox@outlook.test')).access_token;
  });

  it('throttles with 429 + Retry-After + TooManyRequests, fails with 503/504, then recovers; the token endpoint too', async () => {
    microsoft.failNext(1, { status: 429, retryAfterSeconds: 3 });
    microsoft.failNext(1, { status: 503 });
    microsoft.failNext(1, { status: 504 });
    const throttled = await call(token, 'GET', '/me/calendar');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect((await call(token, 'GET', '/me/calendar')).status).toBe(503);
    expect((await call(token, 'GET', '/me/calendar')).status).toBe(504);
    expect((await call(token, 'GET', '/me/calendar')).status).toBe(200);

    microsoft.failNext(1, { status: 503, on: 'token' });
    expect((await postForm({ client_id: microsoft.clientId, client_secret: microsoft.clientSecret, grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(503);
  });

  it('answers late after delayNext: a client that gives up still had its create applied', async () => {
    microsoft.delayNext(400);
    const aborted = await fetch(`${microsoft.env.MICROSOFT_GRAPH_URL}/me/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(event('Slow', 23, 10, { transactionId: 'slow-1' })),
      signal: AbortSignal.timeout(100),
    }).catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(Error);
    await microsoft.idle();
    const retried = await call(token, 'POST', '/me/events', event('Slow', 23, 10, { transactionId: 'slow-1' }));
    expect(retried.status).toBe(201);
    expect(microsoft.events('fox@outlook.test').map((e) => e.subject)).toEqual(['Slow']);
  });

  it('logs every request with method, path and query; resetRequests empties the log', async () => {
    microsoft.resetRequests();
    await call(token, 'GET', '/me/calendarView/delta?startDateTime=2026-02-01T00:00:00Z&endDateTime=2026-02-02T00:00:00Z');
    expect(microsoft.requests).toEqual([
      { method: 'GET', path: '/v1.0/me/calendarView/delta', query: { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-02-02T00:00:00Z' }, status: 200 },
    ]);
  });
});
