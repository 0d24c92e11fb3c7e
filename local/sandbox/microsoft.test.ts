import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMicrosoft, type FakeMicrosoft } from './microsoft.ts';

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

type Answer = { status: number; contentType?: string; body?: string };
/**
 * A local notification endpoint on 127.0.0.1: answers validation requests with `validation`
 * (by default as Graph requires: 200, text/plain, the decoded token) and notifications with 202.
 */
async function startEndpoint(validation: (token: string) => Answer = (token) => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: token })) {
  const received: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('validationToken');
      const answer = token !== null ? validation(token) : { status: 202 };
      response.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/api/notifications`,
    received,
    validations: () => received.filter((r) => r.url.includes('validationToken=')),
    notifications: () => received.filter((r) => !r.url.includes('validationToken=')).map((r) => JSON.parse(r.body) as { value: Array<Record<string, any>> }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Microsoft Graph change notifications (subscriptions)', () => {
  let token: string;
  let userId: string;
  const email = 'sub@outlook.test';
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const subscribe = (extra: Record<string, unknown> = {}) =>
    call(token, 'POST', '/subscriptions', {
      changeType: 'created,updated,deleted',
      notificationUrl: endpoint.url,
      resource: 'me/events',
      expirationDateTime: inMinutes(60 * 24),
      clientState: 'secret-client-state',
      ...extra,
    });
  beforeAll(async () => {
    token = (await connect(email)).access_token;
    userId = (await call(token, 'GET', '/me')).body.id;
    endpoint = await startEndpoint();
  });
  afterAll(() => endpoint.close());

  it('validates the endpoint before answering 201, then notifies every change (Outlook edits and Graph writes) with clientState', async () => {
    const expiration = inMinutes(3 * 24 * 60);
    const created = await subscribe({ expirationDateTime: expiration });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resource: 'me/events',
      applicationId: microsoft.clientId,
      changeType: 'created,updated,deleted',
      clientState: 'secret-client-state',
      notificationUrl: endpoint.url,
      creatorId: userId,
      latestSupportedTlsVersion: 'v1_2',
    });
    expect(Date.parse(created.body.expirationDateTime)).toBe(Date.parse(expiration));
    // The handshake came first: a POST with text/plain, an empty body and the token in the query.
    const [validation] = endpoint.validations();
    expect(validation).toBeDefined();
    expect(validation!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(validation!.body).toBe('');
    expect(validation!.url).toMatch(/^\/api\/notifications\?validationToken=Validation%3a\+Testing\+/);
    expect(microsoft.validations.at(-1)).toMatchObject({ ok: true, status: 200 });

    const made = microsoft.addEvent(email, event('Dentist', 20, 9));
    await microsoft.flushNotifications();
    microsoft.updateEvent(email, made.id, { subject: 'Dentist (moved)' });
    const viaGraph = await call(token, 'POST', '/me/events', event('Lunch', 20, 12));
    expect(viaGraph.status).toBe(201);
    microsoft.deleteEvent(email, made.id);
    await microsoft.flushNotifications();
    const bodies = endpoint.notifications();
    expect(bodies.map((b) => b.value.map((n) => [n.changeType, n.resourceData.id]))).toEqual([
      [['created', made.id]],
      [['updated', made.id]],
      [['created', viaGraph.body.id]],
      [['deleted', made.id]],
    ]);
    const first = bodies[0]!.value[0]!;
    expect(first).toEqual({
      subscriptionId: created.body.id,
      subscriptionExpirationDateTime: created.body.expirationDateTime,
      changeType: 'created',
      resource: `Users/${userId}/Events/${made.id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${userId}/Events/${made.id}`, '@odata.etag': `W/"${made.changeKey}"`, id: made.id },
      clientState: 'secret-client-state',
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const posted = endpoint.received.filter((r) => !r.url.includes('validationToken='));
    expect(posted.every((r) => r.url === '/api/notifications' && r.headers['content-type'] === 'application/json; charset=utf-8')).toBe(true);
    expect(microsoft.notifications.filter((n) => n.subscriptionId === created.body.id).map((n) => [n.changeType, n.status])).toEqual([
      ['created', 202],
      ['updated', 202],
      ['created', 202],
      ['deleted', 202],
    ]);
    expect(microsoft.subscriptions(email)).toEqual([expect.objectContaining({ id: created.body.id, clientState: 'secret-client-state' })]);
    expect((await call(token, 'DELETE', `/subscriptions/${created.body.id}`)).status).toBe(204);
  });

  it('creates nothing when the endpoint answers the validation wrong: 400 ValidationError', async () => {
    const wrongAnswers: Array<(token: string) => Answer> = [
      () => ({ status: 200, contentType: 'text/plain', body: 'not the token' }),
      // The token still URL-encoded.
      (t) => ({ status: 200, contentType: 'text/plain', body: encodeURIComponent(t) }),
      (t) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(t) }),
      (t) => ({ status: 202, contentType: 'text/plain', body: t }),
      () => ({ status: 500 }),
    ];
    for (const answer of wrongAnswers) {
      const wrong = await startEndpoint(answer);
      try {
        const refused = await subscribe({ notificationUrl: wrong.url });
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({
          code: 'ValidationError',
          message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
        });
        expect(wrong.validations()).toHaveLength(1);
      } finally {
        await wrong.close();
      }
    }
    // Nobody listening at all.
    expect((await subscribe({ notificationUrl: 'http://127.0.0.1:1/api/notifications' })).body.error.code).toBe('ValidationError');
    expect(microsoft.subscriptions(email)).toEqual([]);
    expect((await call(token, 'GET', '/subscriptions')).body.value).toEqual([]);
    microsoft.addEvent(email, event('Unheard', 21, 9));
    await microsoft.flushNotifications();
    expect(microsoft.notifications.filter((n) => n.notificationUrl !== endpoint.url)).toEqual([]);
  });

  it('renews with PATCH, reads with GET, deletes with DELETE; unknown ids answer 404 ResourceNotFound', async () => {
    const created = await subscribe({ changeType: 'deleted', resource: '/me/events' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const renewedTo = inMinutes(6 * 24 * 60);
    const renewed = await call(token, 'PATCH', `/subscriptions/${id}`, { expirationDateTime: renewedTo });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expirationDateTime)).toBe(Date.parse(renewedTo));
    const read = await call(token, 'GET', `/subscriptions/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, resource: '/me/events', changeType: 'deleted', expirationDateTime: renewed.body.expirationDateTime });
    expect((await call(token, 'GET', '/subscriptions')).body.value.map((s: { id: string }) => s.id)).toEqual([id]);
    // Renewing beyond the maximum is refused like a create.
    const tooLong = await call(token, 'PATCH', `/subscriptions/${id}`, { expirationDateTime: inMinutes(10_080 + 60) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('ExtensionError');

    // Only the change types asked for are sent.
    const made = microsoft.addEvent(email, event('Quiet', 22, 9));
    microsoft.deleteEvent(email, made.id);
    await microsoft.flushNotifications();
    expect(microsoft.notifications.filter((n) => n.subscriptionId === id).map((n) => n.changeType)).toEqual(['deleted']);

    expect((await call(token, 'DELETE', `/subscriptions/${id}`)).status).toBe(204);
    for (const [method, body] of [['GET'], ['PATCH', { expirationDateTime: inMinutes(60) }], ['DELETE']] as const) {
      const gone = await call(token, method, `/subscriptions/${id}`, body);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('ResourceNotFound');
    }
    microsoft.deleteEvent(email, microsoft.addEvent(email, event('After', 22, 11)).id);
    await microsoft.flushNotifications();
    expect(microsoft.notifications.filter((n) => n.subscriptionId === id)).toHaveLength(1);
    // Another user's token does not see the subscriptions of this one.
    const other = await subscribe();
    const stranger = (await connect('stranger@outlook.test')).access_token;
    expect((await call(stranger, 'GET', `/subscriptions/${other.body.id}`)).status).toBe(404);
    expect((await call(token, 'DELETE', `/subscriptions/${other.body.id}`)).status).toBe(204);
  });

  it('refuses an expiration beyond 10,080 minutes or in the past, raises one under 45 minutes, and needs an https (or loopback) URL', async () => {
    const tooFar = await subscribe({ expirationDateTime: inMinutes(10_080 + 5) });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error).toMatchObject({ code: 'ExtensionError', message: 'Subscription expiration can only be 10080 minutes in the future.' });
    expect((await subscribe({ expirationDateTime: inMinutes(-5) })).status).toBe(400);
    expect((await subscribe({ expirationDateTime: undefined })).body.error.message).toBe('expirationDateTime is a required property for subscription creation.');
    expect((await subscribe({ expirationDateTime: 'soon' })).status).toBe(400);
    const justUnder = await subscribe({ expirationDateTime: inMinutes(10_080 - 1) });
    expect(justUnder.status).toBe(201);
    const short = await subscribe({ expirationDateTime: inMinutes(5) });
    expect(short.status).toBe(201);
    expect(Date.parse(short.body.expirationDateTime)).toBeGreaterThanOrEqual(Date.now() + 44 * 60_000);
    for (const notificationUrl of ['http://example.com/api/notifications', 'http://192.168.1.10/hook', 'not a url']) {
      expect((await subscribe({ notificationUrl })).status).toBe(400);
    }
    expect((await subscribe({ changeType: 'created,moved' })).status).toBe(400);
    expect((await subscribe({ resource: 'me/messages' })).status).toBe(400);
    expect((await subscribe({ clientState: 'x'.repeat(129) })).status).toBe(400);
    // The resources of the mailbox's events.
    const calendarId = (await call(token, 'GET', '/me/calendar')).body.id as string;
    for (const resource of [`me/calendars/${calendarId}/events`, `users/${userId}/events`, `users/${email}/events`]) {
      expect((await subscribe({ resource })).status).toBe(201);
    }
    expect((await subscribe({ resource: 'users/00000000-0000-0000-0000-000000000000/events' })).status).toBe(403);
    // A lifecycleNotificationUrl is validated too.
    const mute = await startEndpoint(() => ({ status: 404 }));
    try {
      expect((await subscribe({ lifecycleNotificationUrl: mute.url })).body.error.code).toBe('ValidationError');
    } finally {
      await mute.close();
    }
    expect(microsoft.subscriptions(email).length).toBeGreaterThanOrEqual(5);
    microsoft.expireSubscriptions();
  });

  it('stops delivering once subscriptions expire, which then read as 404', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    microsoft.expireSubscriptions();
    expect(microsoft.subscriptions(email)).toEqual([]);
    microsoft.addEvent(email, event('Too late', 23, 9));
    await microsoft.flushNotifications();
    expect(microsoft.notifications.filter((n) => n.subscriptionId === created.body.id)).toEqual([]);
    expect((await call(token, 'GET', `/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await call(token, 'PATCH', `/subscriptions/${created.body.id}`, { expirationDateTime: inMinutes(60) })).status).toBe(404);
  });

  it('records an endpoint that answers a notification with an error or not within 3 seconds', async () => {
    let mode: 'fail' | 'slow' = 'fail';
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const validationToken = url.searchParams.get('validationToken');
      request.resume();
      request.on('end', () => {
        if (validationToken !== null) {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(validationToken);
          return;
        }
        received.push(mode);
        if (mode === 'fail') {
          response.writeHead(500);
          response.end();
        } else setTimeout(() => response.writeHead(202).end(), 3_500);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook?tenant=a`;
      const created = await subscribe({ notificationUrl: url });
      expect(created.status).toBe(201);
      microsoft.addEvent(email, event('Failing', 24, 9));
      await microsoft.flushNotifications();
      mode = 'slow';
      microsoft.addEvent(email, event('Slow', 24, 11));
      await microsoft.flushNotifications();
      expect(received).toEqual(['fail', 'slow']);
      const recorded = microsoft.notifications.filter((n) => n.subscriptionId === created.body.id);
      expect(recorded[0]).toMatchObject({ changeType: 'created', status: 500 });
      expect(recorded[1]!.status).toBeUndefined();
      expect(recorded[1]!.error).toMatch(/within 3000 ms/);
      microsoft.expireSubscriptions();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
