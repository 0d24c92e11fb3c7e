import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogle } from './fake-google.ts';

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
