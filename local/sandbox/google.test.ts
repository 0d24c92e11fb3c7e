import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogle } from './google.ts';

/** The fake driven with plain fetch: each protocol behaviour the product's clients rely on. */
let google: FakeGoogle;
const REDIRECT = 'http://127.0.0.1:9/api/calendar/callback/google';
const SCOPE = 'openid email https://www.googleapis.com/auth/calendar.events';

beforeAll(async () => {
  google = await startFakeGoogle();
});
afterAll(() => google.stop());

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function authorize(params: Record<string, string>) {
  const url = new URL(google.env.GOOGLE_AUTH_URL);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return fetch(url, { redirect: 'manual' });
}

function authParams(challenge: string, extra: Record<string, string> = {}) {
  return {
    client_id: google.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-123',
    access_type: 'offline',
    prompt: 'consent',
    ...extra,
  };
}

async function postForm(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The whole consent: authorize as `email`, then exchange the code. */
async function connect(email: string, extra: Record<string, string> = {}) {
  google.setConsent(email);
  const { verifier, challenge } = pkce();
  const redirect = new URL((await authorize(authParams(challenge, extra))).headers.get('location')!);
  const code = redirect.searchParams.get('code')!;
  const tokens = await postForm(google.env.GOOGLE_TOKEN_URL, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: google.clientId,
    client_secret: google.clientSecret,
    code_verifier: verifier,
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; refresh_token?: string; id_token: string; scope: string; expires_in: number; token_type: string };
}

async function call(token: string | null, method: string, path: string, body?: unknown) {
  const response = await fetch(`${google.env.GOOGLE_CALENDAR_API_URL}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const event = (id: string | undefined, hour: number, extra: Record<string, unknown> = {}) => ({
  ...(id ? { id } : {}),
  summary: `Event at ${hour}`,
  start: { dateTime: `2026-03-10T${String(hour).padStart(2, '0')}:00:00Z` },
  end: { dateTime: `2026-03-10T${String(hour).padStart(2, '0')}:30:00Z` },
  ...extra,
});

/** Every page of a list: the items, and the cursor the last page carried. */
async function listAll(token: string, query: string) {
  const items: Array<Record<string, any>> = [];
  let pageToken: string | undefined;
  const cursors: Array<{ nextPageToken?: string; nextSyncToken?: string }> = [];
  do {
    const page = await call(token, 'GET', `/calendars/primary/events?${query}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursors.push({ nextPageToken: page.body.nextPageToken, nextSyncToken: page.body.nextSyncToken });
    pageToken = page.body.nextPageToken;
  } while (pageToken);
  return { items, cursors, syncToken: cursors.at(-1)!.nextSyncToken! };
}

describe('Google OAuth 2.0 (web server flow + PKCE)', () => {
  it('refuses an unknown client, a missing PKCE challenge or the missing calendar scope with its own 400 page', async () => {
    const { challenge } = pkce();
    expect((await authorize(authParams(challenge, { client_id: 'someone-else' }))).status).toBe(400);
    expect((await authorize(authParams(challenge, { code_challenge_method: 'plain' }))).status).toBe(400);
    const { code_challenge: _dropped, ...noChallenge } = authParams(challenge);
    expect((await authorize(noChallenge)).status).toBe(400);
    expect((await authorize(authParams(challenge, { scope: 'openid email' }))).status).toBe(400);
    expect((await authorize(authParams(challenge, { response_type: 'token' }))).status).toBe(400);
  });

  it('redirects with code + state + granted scope on consent, with error=access_denied on refusal', async () => {
    const { challenge } = pkce();
    google.setConsent('ana@gmail.test');
    const granted = new URL((await authorize(authParams(challenge))).headers.get('location')!);
    expect(`${granted.origin}${granted.pathname}`).toBe(REDIRECT);
    expect(granted.searchParams.get('state')).toBe('state-123');
    expect(granted.searchParams.get('code')).toMatch(/^4\/0A/);
    expect(granted.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/calendar.events');

    google.setConsent('deny');
    const denied = await authorize(authParams(challenge));
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get('location')!);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'state-123' });
  });

  it('exchanges a code once, with the right secret, redirect_uri and verifier; answers tokens and an id_token', async () => {
    google.setConsent('bea@gmail.test');
    const { verifier, challenge } = pkce();
    const code = new URL((await authorize(authParams(challenge))).headers.get('location')!).searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: google.clientId, client_secret: google.clientSecret, code_verifier: verifier };

    expect(await postForm(google.env.GOOGLE_TOKEN_URL, { ...form, client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await postForm(google.env.GOOGLE_TOKEN_URL, { ...form, code_verifier: pkce().verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.any(String) },
    });
    expect(await postForm(google.env.GOOGLE_TOKEN_URL, { ...form, redirect_uri: 'http://127.0.0.1:9/elsewhere' })).toMatchObject({ status: 400, body: { error: 'redirect_uri_mismatch' } });

    const tokens = await postForm(google.env.GOOGLE_TOKEN_URL, form);
    expect(tokens).toMatchObject({
      status: 200,
      body: { access_token: expect.any(String), refresh_token: expect.any(String), expires_in: 3599, token_type: 'Bearer', scope: expect.stringContaining('calendar.events') },
    });
    const [header, payload, signature] = String(tokens.body.id_token).split('.');
    expect(header && signature).toBeTruthy();
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ iss: 'https://accounts.google.com', aud: google.clientId, sub: expect.any(String), email: 'bea@gmail.test', email_verified: true });
    expect(claims.exp).toBeGreaterThan(claims.iat);

    // Single use.
    expect(await postForm(google.env.GOOGLE_TOKEN_URL, form)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refreshes without a new refresh token; gives a refresh token again only with prompt=consent', async () => {
    const first = await connect('cleo@gmail.test', { prompt: 'select_account' });
    expect(first.refresh_token).toBeDefined();
    const refreshed = await postForm(google.env.GOOGLE_TOKEN_URL, { grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: google.clientId, client_secret: google.clientSecret });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ access_token: expect.any(String), expires_in: 3599, token_type: 'Bearer', scope: expect.any(String) });
    expect(refreshed.body.refresh_token).toBeUndefined();

    // Consenting again without prompt=consent: Google keeps the earlier refresh token to itself.
    expect((await connect('cleo@gmail.test', { prompt: 'select_account' })).refresh_token).toBeUndefined();
    expect((await connect('cleo@gmail.test')).refresh_token).toBeDefined();
    // Without access_type=offline: never a refresh token.
    expect((await connect('cleo@gmail.test', { access_type: 'online' })).refresh_token).toBeUndefined();
  });

  it('revokes a grant through /revoke, and after revokeGrants / expireAccessTokens', async () => {
    const tokens = await connect('dan@gmail.test');
    const refresh = () => postForm(google.env.GOOGLE_TOKEN_URL, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: google.clientId, client_secret: google.clientSecret });
    expect((await call(tokens.access_token, 'GET', '/calendars/primary/events')).status).toBe(200);

    google.expireAccessTokens();
    const expired = await call(tokens.access_token, 'GET', '/calendars/primary/events');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 401, errors: [expect.objectContaining({ reason: 'authError' })], status: 'UNAUTHENTICATED' });
    const renewed = await refresh();
    expect(renewed.status).toBe(200);
    expect((await call(String(renewed.body.access_token), 'GET', '/calendars/primary/events')).status).toBe(200);

    google.revokeGrants('dan@gmail.test');
    expect(await refresh()).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } });
    expect((await call(String(renewed.body.access_token), 'GET', '/calendars/primary/events')).status).toBe(401);

    const again = await connect('dan@gmail.test');
    const revoked = await fetch(`${google.env.GOOGLE_REVOKE_URL}?token=${encodeURIComponent(again.refresh_token!)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(revoked.status).toBe(200);
    expect((await call(again.access_token, 'GET', '/calendars/primary/events')).status).toBe(401);
    expect(await postForm(google.env.GOOGLE_REVOKE_URL, { token: again.refresh_token! })).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
  });
});

describe('Google Calendar API v3 events', () => {
  let token: string;
  const email = 'eve@gmail.test';
  beforeAll(async () => {
    token = (await connect(email)).access_token;
  });

  it('needs a bearer access token', async () => {
    expect((await call(null, 'GET', '/calendars/primary/events')).status).toBe(401);
    expect((await call('ya29.unknown', 'GET', '/calendars/primary/events')).status).toBe(401);
  });

  it('inserts with a client-chosen base32hex id once: 409 duplicate after, even once deleted; 400 for a bad id', async () => {
    const created = await call(token, 'POST', '/calendars/primary/events', event('rdv0123456789abcdef', 9, { extendedProperties: { private: { rdvAppointmentId: 'a-1' } } }));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      kind: 'calendar#event',
      id: 'rdv0123456789abcdef',
      status: 'confirmed',
      etag: expect.any(String),
      created: expect.any(String),
      updated: expect.any(String),
      htmlLink: expect.any(String),
      iCalUID: 'rdv0123456789abcdef@google.com',
      sequence: 0,
      extendedProperties: { private: { rdvAppointmentId: 'a-1' } },
    });
    const duplicate = await call(token, 'POST', '/calendars/primary/events', event('rdv0123456789abcdef', 9));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 409, message: 'The requested identifier already exists.', errors: [expect.objectContaining({ reason: 'duplicate' })] });

    expect((await call(token, 'DELETE', '/calendars/primary/events/rdv0123456789abcdef')).status).toBe(204);
    expect((await call(token, 'POST', '/calendars/primary/events', event('rdv0123456789abcdef', 9))).status).toBe(409);

    for (const id of ['rdv-with-dash', 'UPPERCASE1', 'wxyz0123', 'ab1']) {
      expect((await call(token, 'POST', '/calendars/primary/events', event(id, 9))).status, id).toBe(400);
    }
  });

  it('needs start and end; interprets a dateTime without offset in its timeZone', async () => {
    const missing = await call(token, 'POST', '/calendars/primary/events', { summary: 'no times', start: { dateTime: '2026-03-10T10:00:00Z' } });
    expect(missing.status).toBe(400);
    const backwards = await call(token, 'POST', '/calendars/primary/events', { start: { dateTime: '2026-03-10T10:00:00Z' }, end: { dateTime: '2026-03-10T09:00:00Z' } });
    expect(backwards.body.error.errors[0].reason).toBe('timeRangeEmpty');
    const local = await call(token, 'POST', '/calendars/primary/events', {
      start: { dateTime: '2026-01-20T10:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-01-20T11:00:00', timeZone: 'Europe/Paris' },
    });
    expect(local.body.start).toEqual({ dateTime: '2026-01-20T10:00:00+01:00', timeZone: 'Europe/Paris' });
    expect(Date.parse(local.body.end.dateTime)).toBe(Date.parse('2026-01-20T10:00:00Z'));
    expect((await call(token, 'POST', '/calendars/primary/events', { start: { dateTime: '2026-01-20T10:00:00' }, end: { dateTime: '2026-01-20T11:00:00' } })).status).toBe(400);
  });

  it('gets, replaces, patches and deletes; a deleted event reads as cancelled, a second delete is 410, unknown ids 404', async () => {
    const id = 'rdv00000000000000000000001';
    await call(token, 'POST', `/calendars/${encodeURIComponent(email)}/events`, event(id, 11, { description: 'kept?' }));
    expect((await call(token, 'GET', `/calendars/primary/events/${id}`)).body.summary).toBe('Event at 11');

    const patched = await call(token, 'PATCH', `/calendars/primary/events/${id}`, { summary: 'Patched', extendedProperties: { private: { extra: 'x' } } });
    expect(patched.body).toMatchObject({ summary: 'Patched', description: 'kept?' });
    const replaced = await call(token, 'PUT', `/calendars/primary/events/${id}`, event(undefined, 12));
    expect(replaced.body.summary).toBe('Event at 12');
    expect(replaced.body.description).toBeUndefined();
    expect(Date.parse(replaced.body.updated)).toBeGreaterThan(Date.parse(patched.body.updated));

    expect((await call(token, 'DELETE', `/calendars/primary/events/${id}`)).status).toBe(204);
    expect((await call(token, 'GET', `/calendars/primary/events/${id}`)).body.status).toBe('cancelled');
    const again = await call(token, 'DELETE', `/calendars/primary/events/${id}`);
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({ code: 410, message: 'Resource has been deleted', errors: [expect.objectContaining({ reason: 'deleted' })] });
    expect(google.events(email).map((e) => e.id)).not.toContain(id);

    // PUT with status confirmed brings it back.
    const back = await call(token, 'PUT', `/calendars/primary/events/${id}`, event(undefined, 12, { status: 'confirmed' }));
    expect(back.body.status).toBe('confirmed');
    expect(google.events(email).map((e) => e.id)).toContain(id);

    const unknown = await call(token, 'GET', '/calendars/primary/events/rdvunknown000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.errors[0].reason).toBe('notFound');
    expect((await call(token, 'GET', '/calendars/someone.else%40gmail.test/events')).status).toBe(404);
  });
});

describe('Google events.list: paging and incremental sync', () => {
  let token: string;
  const email = 'fay@gmail.test';
  beforeAll(async () => {
    token = (await connect(email)).access_token;
  });

  it('pages a full sync: nextPageToken on every page but the last, which carries nextSyncToken; cancelled events left out', async () => {
    for (let hour = 8; hour < 13; hour += 1) await call(token, 'POST', '/calendars/primary/events', event(undefined, hour));
    const gone = google.addEvent(email, event(undefined, 14));
    google.deleteEvent(email, gone.id);

    const full = await listAll(token, 'maxResults=2&singleEvents=true');
    expect(full.items.map((i) => i.summary)).toEqual(['Event at 8', 'Event at 9', 'Event at 10', 'Event at 11', 'Event at 12']);
    expect(full.cursors).toHaveLength(3);
    expect(full.cursors.slice(0, -1).every((c) => c.nextPageToken && !c.nextSyncToken)).toBe(true);
    expect(full.cursors.at(-1)).toEqual({ nextPageToken: undefined, nextSyncToken: expect.any(String) });

    const page = await call(token, 'GET', '/calendars/primary/events?maxResults=250');
    expect(page.body).toMatchObject({ kind: 'calendar#events', summary: email, timeZone: 'UTC', updated: expect.any(String) });
    expect((await listAll(token, 'showDeleted=true')).items.map((i) => i.id)).toContain(gone.id);

    // timeMin bounds the end, timeMax the start (exclusive).
    const window = await listAll(token, `timeMin=${encodeURIComponent('2026-03-10T09:15:00Z')}&timeMax=${encodeURIComponent('2026-03-10T11:00:00Z')}&singleEvents=true&orderBy=startTime`);
    expect(window.items.map((i) => i.summary)).toEqual(['Event at 9', 'Event at 10']);
  });

  it('answers only what changed since a sync token, deletions included as cancelled; refuses filters alongside', async () => {
    const { syncToken } = await listAll(token, 'singleEvents=true');
    const nothing = await listAll(token, `syncToken=${encodeURIComponent(syncToken)}`);
    expect(nothing.items).toEqual([]);

    const [first, second] = google.events(email);
    google.updateEvent(email, first!.id, { start: { dateTime: '2026-03-11T08:00:00Z' }, end: { dateTime: '2026-03-11T09:00:00Z' } });
    google.deleteEvent(email, second!.id);
    const added = google.addEvent(email, { summary: 'Dentist', transparency: 'opaque', start: { date: '2026-03-12' }, end: { date: '2026-03-13' } });
    await call(token, 'DELETE', `/calendars/primary/events/${added.id}`);

    const changes = await listAll(token, `syncToken=${encodeURIComponent(nothing.syncToken)}&maxResults=1`);
    expect(changes.cursors).toHaveLength(3);
    expect(changes.items).toEqual([
      expect.objectContaining({ id: first!.id, status: 'confirmed', start: { dateTime: '2026-03-11T08:00:00Z' } }),
      { kind: 'calendar#event', etag: expect.any(String), id: second!.id, status: 'cancelled', updated: expect.any(String) },
      expect.objectContaining({ id: added.id, status: 'cancelled' }),
    ]);
    expect((await listAll(token, `syncToken=${encodeURIComponent(changes.syncToken)}`)).items).toEqual([]);

    for (const extra of ['timeMin=2026-01-01T00:00:00Z', 'orderBy=updated', 'q=x', 'showDeleted=false']) {
      const refused = await call(token, 'GET', `/calendars/primary/events?syncToken=${encodeURIComponent(changes.syncToken)}&${extra}`);
      expect(refused.status, extra).toBe(400);
    }
  });

  it('answers 410 fullSyncRequired for a sync token invalidated by the server', async () => {
    const { syncToken } = await listAll(token, 'singleEvents=true');
    google.invalidateSyncTokens(email);
    const gone = await call(token, 'GET', `/calendars/primary/events?syncToken=${encodeURIComponent(syncToken)}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 410, message: 'Sync token is no longer valid, a full sync is required.', errors: [expect.objectContaining({ reason: 'fullSyncRequired' })] });
    const fresh = await listAll(token, 'singleEvents=true');
    expect((await call(token, 'GET', `/calendars/primary/events?syncToken=${encodeURIComponent(fresh.syncToken)}`)).status).toBe(200);
  });
});

describe('Google fault knobs and the request log', () => {
  let token: string;
  beforeAll(async () => {
    token = (await connect('gus@gmail.test')).access_token;
  });

  it('fails the next calls as asked: 429 with Retry-After, 403 rateLimitExceeded, 503 backendError, then recovers', async () => {
    google.failNext(1, { status: 429, retryAfterSeconds: 7 });
    google.failNext(1, { status: 403 });
    google.failNext(1, { status: 503 });
    const tooMany = await call(token, 'GET', '/calendars/primary/events');
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toBe('7');
    expect(tooMany.body.error.errors[0].reason).toBe('rateLimitExceeded');
    const limited = await call(token, 'GET', '/calendars/primary/events');
    expect(limited.status).toBe(403);
    expect(limited.body.error).toMatchObject({ code: 403, errors: [expect.objectContaining({ reason: 'rateLimitExceeded', domain: 'usageLimits' })] });
    const down = await call(token, 'GET', '/calendars/primary/events');
    expect(down.status).toBe(503);
    expect(down.body.error.errors[0].reason).toBe('backendError');
    expect((await call(token, 'GET', '/calendars/primary/events')).status).toBe(200);

    google.failNext(1, { status: 500, on: 'token' });
    expect((await postForm(google.env.GOOGLE_TOKEN_URL, { grant_type: 'refresh_token', refresh_token: 'x', client_id: google.clientId, client_secret: google.clientSecret })).status).toBe(500);
  });

  it('answers late after delayNext: a client that gives up still had its write applied', async () => {
    google.delayNext(400);
    const aborted = await fetch(`${google.env.GOOGLE_CALENDAR_API_URL}/calendars/primary/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(event('rdvlate00001', 15)),
      signal: AbortSignal.timeout(100),
    }).catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(Error);
    await google.idle();
    expect(google.events('gus@gmail.test').map((e) => e.id)).toContain('rdvlate00001');
    expect((await call(token, 'POST', '/calendars/primary/events', event('rdvlate00001', 15))).status).toBe(409);
  });

  it('logs every request with method, path and query; resetRequests empties the log', async () => {
    google.resetRequests();
    await call(token, 'GET', '/calendars/primary/events?maxResults=5');
    await postForm(google.env.GOOGLE_TOKEN_URL, { grant_type: 'nope', client_id: google.clientId, client_secret: google.clientSecret });
    expect(google.requests).toEqual([
      { method: 'GET', path: '/calendar/v3/calendars/primary/events', query: { maxResults: '5' }, status: 200 },
      { method: 'POST', path: '/token', query: {}, status: 400 },
    ]);
  });
});

/** A local push receiver on 127.0.0.1: records every POST, answers with `status`. */
async function startReceiver(status = 200) {
  const received: Array<{ path: string; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(receiver.status);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const receiver = {
    status,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/push/google`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

describe('Google push notifications (events.watch, channels.stop)', () => {
  let token: string;
  const email = 'pia@gmail.test';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const watch = (body: Record<string, unknown>, calendar = 'primary') => call(token, 'POST', `/calendars/${encodeURIComponent(calendar)}/events/watch`, body);
  beforeAll(async () => {
    token = (await connect(email)).access_token;
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('opens a channel, sends a sync message, then an exists message after each change (edits in Google Calendar and API writes); stop ends it', async () => {
    const requested = Date.now() + 3_600_000;
    const opened = await watch({ id: 'chan-1_a+b/c=', type: 'web_hook', address: receiver.url, token: 'target=rdv&n=1', expiration: requested });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({
      kind: 'api#channel',
      id: 'chan-1_a+b/c=',
      resourceId: expect.stringMatching(/^[\w-]{10,}$/),
      resourceUri: `${google.env.GOOGLE_CALENDAR_API_URL}/calendars/primary/events?alt=json`,
      token: 'target=rdv&n=1',
      expiration: String(requested),
    });
    await google.flushNotifications();
    expect(receiver.received).toHaveLength(1);
    const sync = receiver.received[0]!;
    expect(sync.path).toBe('/push/google');
    expect(sync.body).toBe('');
    expect(sync.headers).toMatchObject({
      'x-goog-channel-id': 'chan-1_a+b/c=',
      'x-goog-channel-token': 'target=rdv&n=1',
      'x-goog-channel-expiration': new Date(requested).toUTCString(),
      'x-goog-resource-id': opened.body.resourceId,
      'x-goog-resource-uri': opened.body.resourceUri,
      'x-goog-resource-state': 'sync',
      'x-goog-message-number': '1',
      'content-length': '0',
    });
    // The header names are spelled as Google spells them.
    expect(sync.rawHeaders).toEqual(expect.arrayContaining(['X-Goog-Channel-ID', 'X-Goog-Resource-State', 'X-Goog-Message-Number', 'X-Goog-Channel-Expiration']));
    expect(sync.headers['x-goog-channel-expiration']).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);

    // An edit by the user in Google Calendar, then a write through the API: one message each.
    const made = google.addEvent(email, event(undefined, 9));
    await google.flushNotifications();
    expect((await call(token, 'PATCH', `/calendars/primary/events/${made.id}`, { summary: 'Moved' })).status).toBe(200);
    google.deleteEvent(email, made.id);
    await google.flushNotifications();
    const states = receiver.received.map((r) => r.headers['x-goog-resource-state']);
    expect(states).toEqual(['sync', 'exists', 'exists', 'exists']);
    const numbers = receiver.received.map((r) => Number(r.headers['x-goog-message-number']));
    // Increasing, though not necessarily by one.
    for (let i = 1; i < numbers.length; i += 1) expect(numbers[i]).toBeGreaterThan(numbers[i - 1]!);
    expect(new Set(receiver.received.map((r) => r.headers['x-goog-resource-id']))).toEqual(new Set([opened.body.resourceId]));
    expect(google.notifications.filter((n) => n.channelId === 'chan-1_a+b/c=')).toEqual(
      numbers.map((messageNumber, i) => expect.objectContaining({ state: i === 0 ? 'sync' : 'exists', messageNumber, status: 200, address: receiver.url })),
    );
    expect(google.channels(email)).toEqual([
      expect.objectContaining({ id: 'chan-1_a+b/c=', resourceId: opened.body.resourceId, address: receiver.url, token: 'target=rdv&n=1', expiration: requested, email }),
    ]);

    // channels.stop needs the channel id AND its resourceId; a stopped channel is unknown.
    expect((await call(token, 'POST', '/channels/stop', { id: 'chan-1_a+b/c=', resourceId: 'other' })).status).toBe(404);
    const stopped = await call(token, 'POST', '/channels/stop', { id: 'chan-1_a+b/c=', resourceId: opened.body.resourceId });
    expect(stopped.status).toBe(204);
    expect(stopped.body).toBeUndefined();
    const again = await call(token, 'POST', '/channels/stop', { id: 'chan-1_a+b/c=', resourceId: opened.body.resourceId });
    expect(again.status).toBe(404);
    expect(again.body.error.errors[0].reason).toBe('notFound');
    google.addEvent(email, event(undefined, 10));
    await google.flushNotifications();
    expect(receiver.received).toHaveLength(4);
    expect(google.channels(email)).toEqual([]);
  });

  it('keeps the resourceId per calendar, refuses a duplicate channel id, a bad id and a non-HTTPS address with Google 400s', async () => {
    const first = await watch({ id: 'dup-1', type: 'web_hook', address: receiver.url });
    expect(first.status).toBe(200);
    // The same calendar named by its id: another channel, the same resource.
    const second = await watch({ id: 'dup-2', type: 'webhook', address: receiver.url }, email);
    expect(second.status).toBe(200);
    expect(second.body.resourceId).toBe(first.body.resourceId);
    expect(second.body.resourceUri).toBe(`${google.env.GOOGLE_CALENDAR_API_URL}/calendars/${encodeURIComponent(email)}/events?alt=json`);

    const duplicate = await watch({ id: 'dup-1', type: 'web_hook', address: receiver.url });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({ code: 400, errors: [expect.objectContaining({ reason: 'channelIdNotUnique' })] });
    expect((await watch({ id: 'bad id!', type: 'web_hook', address: receiver.url })).body.error.errors[0].reason).toBe('channelIdInvalid');
    expect((await watch({ id: 'x'.repeat(65), type: 'web_hook', address: receiver.url })).body.error.errors[0].reason).toBe('channelIdInvalid');
    expect((await watch({ type: 'web_hook', address: receiver.url })).body.error.errors[0].reason).toBe('required');
    expect((await watch({ id: 'no-type', type: 'email', address: receiver.url })).status).toBe(400);
    for (const address of ['http://example.com/push', 'http://10.0.0.5/push', 'ftp://127.0.0.1/push', 'not a url']) {
      const refused = await watch({ id: `addr-${randomBytes(4).toString('hex')}`, type: 'web_hook', address });
      expect(refused.status).toBe(400);
      expect(refused.body.error.errors[0]).toMatchObject({ reason: 'push.webhookUrlNotHttps', message: `WebHook callback must be HTTPS: ${address}` });
    }
    // Any HTTPS address is accepted (this one refuses connections: the failure is recorded).
    expect((await watch({ id: 'https-1', type: 'web_hook', address: 'https://127.0.0.1:1/push' })).status).toBe(200);
    expect((await watch({ id: 'local-1', type: 'web_hook', address: receiver.url.replace('127.0.0.1', 'localhost') })).status).toBe(200);
    expect((await call(token, 'POST', '/calendars/someone.else@gmail.test/events/watch', { id: 'other-cal', type: 'web_hook', address: receiver.url })).status).toBe(404);
    expect((await call(null, 'POST', '/calendars/primary/events/watch', { id: 'anon', type: 'web_hook', address: receiver.url })).status).toBe(401);
    await google.flushNotifications();
    const refused = google.notifications.find((n) => n.channelId === 'https-1')!;
    expect(refused).toMatchObject({ state: 'sync', error: expect.stringContaining('ECONNREFUSED') });
    expect(refused.status).toBeUndefined();
    // A channel without a token sends no X-Goog-Channel-Token.
    const plain = receiver.received.find((r) => r.headers['x-goog-channel-id'] === 'dup-1')!;
    expect(plain.headers).not.toHaveProperty('x-goog-channel-token');
    for (const id of ['dup-1', 'dup-2', 'https-1', 'local-1']) {
      const channel = google.channels().find((c) => c.id === id)!;
      expect((await call(token, 'POST', '/channels/stop', { id, resourceId: channel.resourceId })).status).toBe(204);
    }
    // Once stopped, the id may be used again.
    expect((await watch({ id: 'dup-1', type: 'web_hook', address: receiver.url })).status).toBe(200);
    google.expireChannels();
  });

  it('caps the expiration at one week (the default too); params.ttl sets the lifetime in seconds; a bad one is refused', async () => {
    const week = 7 * 24 * 3_600_000;
    const before = Date.now();
    const long = await watch({ id: 'cap-1', type: 'web_hook', address: receiver.url, expiration: String(before + 30 * 24 * 3_600_000) });
    const after = Date.now();
    expect(long.status).toBe(200);
    expect(typeof long.body.expiration).toBe('string');
    expect(Number(long.body.expiration)).toBeGreaterThanOrEqual(before + week);
    expect(Number(long.body.expiration)).toBeLessThanOrEqual(after + week);
    const byDefault = await watch({ id: 'cap-2', type: 'web_hook', address: receiver.url });
    expect(Number(byDefault.body.expiration)).toBeGreaterThanOrEqual(before + week);
    expect(Number(byDefault.body.expiration)).toBeLessThanOrEqual(Date.now() + week);
    const ttl = await watch({ id: 'cap-3', type: 'web_hook', address: receiver.url, params: { ttl: '3600' } });
    expect(Number(ttl.body.expiration)).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(Number(ttl.body.expiration)).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect((await watch({ id: 'cap-4', type: 'web_hook', address: receiver.url, expiration: before - 1000 })).status).toBe(400);
    expect((await watch({ id: 'cap-5', type: 'web_hook', address: receiver.url, expiration: 'tomorrow' })).status).toBe(400);
    google.expireChannels();
  });

  it('records a receiver that fails; expired channels stop delivering and are unknown to channels.stop', async () => {
    const failing = await startReceiver(503);
    try {
      const opened = await watch({ id: 'fail-1', type: 'web_hook', address: failing.url });
      expect(opened.status).toBe(200);
      await google.flushNotifications();
      expect(google.notifications.filter((n) => n.channelId === 'fail-1')).toEqual([expect.objectContaining({ state: 'sync', status: 503 })]);
      google.expireChannels();
      expect(google.channels(email)).toEqual([]);
      google.addEvent(email, event(undefined, 11));
      await google.flushNotifications();
      expect(failing.received).toHaveLength(1);
      expect((await call(token, 'POST', '/channels/stop', { id: 'fail-1', resourceId: opened.body.resourceId })).status).toBe(404);
      // An expired channel's id is free again.
      expect((await watch({ id: 'fail-1', type: 'web_hook', address: failing.url })).status).toBe(200);
      google.expireChannels();
    } finally {
      await failing.close();
    }
  });
});
