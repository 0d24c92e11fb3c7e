import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { TZDate, tzOffset } from '@date-fns/tz';
import { consentDecision, consentPage, SANDBOX_DECISION } from './pages.ts';

/**
 * A local stand-in for Google's OAuth 2.0 endpoints (web server flow with PKCE) and the parts of
 * Google Calendar API v3 this product uses, on 127.0.0.1, following Google's documented protocol:
 * - authorize → 302 to redirect_uri with `code` + `state` (or `error=access_denied`); codes live
 *   10 minutes and redeem once, with the PKCE verifier (S256);
 * - token → access token (3599 s) + refresh token + id_token; a refresh gives a new access token
 *   and NO new refresh token; revoked grants answer `invalid_grant`;
 * - events insert/get/update/patch/delete/list with client-chosen base32hex ids (409 duplicate),
 *   deletion as `status: "cancelled"`, paging (`nextPageToken`) and incremental sync
 *   (`syncToken` → `nextSyncToken` on the LAST page only, 410 `fullSyncRequired`);
 * - Google's JSON error envelope `{ error: { code, message, errors: [{ reason }], status } }`;
 * - push notifications (the Calendar "Push notifications" guide, events.watch and channels.stop):
 *   a watch opens a channel, which POSTs a `sync` message to its address, then an `exists`
 *   message after every change to the calendar's events, with Google's `X-Goog-*` headers and an
 *   empty body, until it expires or is stopped.
 * Knobs make it fail the ways the real one can (revoked consent, expired tokens, invalidated sync
 * tokens, 429/403 rate limits, 5xx, slowness).
 */

const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
/** Scopes that let a token use the Calendar API (calendar.events or the broader calendar scope). */
const CALENDAR_SCOPES = new Set([CALENDAR_SCOPE, 'https://www.googleapis.com/auth/calendar']);
const DEFAULT_ACCOUNT = 'calendar.user@gmail.test';
const CODE_LIFETIME_MS = 10 * 60_000;
const ACCESS_TOKEN_SECONDS = 3599;
const BASE32HEX = 'abcdefghijklmnopqrstuv0123456789';
/**
 * Channel lifetime. events.watch documents `params.ttl` as "Time-to-live in seconds for the
 * notification channel. Default is 604800 seconds" (one week) and the guide lets a watch ask for
 * an `expiration` (ms since the epoch); no maximum is documented for events. The fake caps every
 * channel at that same week (a longer request is shortened, never refused), which is also what
 * clients observe of Google Calendar channels.
 */
const DEFAULT_CHANNEL_TTL_MS = 604_800_000;
const MAX_CHANNEL_TTL_MS = 604_800_000;
/** "A UUID or similar unique string … Maximum length: 64 characters", in these characters. */
const CHANNEL_ID = /^[A-Za-z0-9\-_+/=]{1,64}$/;
/** The guide: the channel token has a maximum length of 256 characters. */
const MAX_CHANNEL_TOKEN = 256;
/** Google documents no timeout for a notification POST; the fake gives a receiver 10 s. */
const NOTIFICATION_TIMEOUT_MS = 10_000;

export interface GoogleEventTime {
  /** RFC 3339; without an offset, `timeZone` is required. */
  dateTime?: string;
  /** yyyy-mm-dd, for all-day events. */
  date?: string;
  /** IANA name. */
  timeZone?: string;
}

export interface GoogleEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  transparency?: 'opaque' | 'transparent';
  creator: { email: string; self: true };
  organizer: { email: string; self: true };
  start: GoogleEventTime;
  end: GoogleEventTime;
  iCalUID: string;
  sequence: number;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  reminders: { useDefault: boolean; overrides?: unknown[] };
  eventType: string;
  /** Any other field a client sent (attendees, colorId, …) is kept as sent. */
  [field: string]: unknown;
}

/** What a client (or a test) may send for an event: the writable fields. */
export interface GoogleEventInput {
  id?: string;
  summary?: string;
  description?: string;
  location?: string;
  status?: GoogleEvent['status'];
  transparency?: GoogleEvent['transparency'];
  start?: GoogleEventTime;
  end?: GoogleEventTime;
  extendedProperties?: GoogleEvent['extendedProperties'];
  sequence?: number;
  [field: string]: unknown;
}

/** A notification channel opened by events.watch, as the `channels()` knob shows it. */
export interface GoogleChannel {
  id: string;
  /** Stable per watched resource (the account's primary calendar's events). */
  resourceId: string;
  resourceUri: string;
  address: string;
  token?: string;
  /** Milliseconds since the epoch. */
  expiration: number;
  /** The account whose calendar is watched. */
  email: string;
  params?: Record<string, string>;
}

/** One push message the fake attempted: what it sent, and how the receiver answered. */
export interface GoogleNotification {
  channelId: string;
  resourceId: string;
  state: 'sync' | 'exists';
  messageNumber: number;
  address: string;
  /** The headers as sent (the body is always empty). */
  headers: Record<string, string>;
  /** The receiver's HTTP status, once answered. Google counts 200, 201, 202, 204 and 102 as success. */
  status?: number;
  /** Why there is no status: connection refused, no answer within 10 s, fake stopped… */
  error?: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Set once answered. */
  status?: number;
}

/** `api` = the Calendar API (the default), `token` = the token and revoke endpoints. */
export type GoogleFaultTarget = 'api' | 'token';

export interface GoogleFault {
  status: number;
  /** Sent as the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** The `errors[0].reason` of Google's error JSON (default by status: rateLimitExceeded, backendError…). */
  reason?: string;
  message?: string;
  on?: GoogleFaultTarget;
}

export interface FakeGoogle {
  /** The fake's origin; every endpoint is under it. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** The configuration that points the product at this fake. */
  env: {
    GOOGLE_AUTH_URL: string;
    GOOGLE_TOKEN_URL: string;
    GOOGLE_REVOKE_URL: string;
    GOOGLE_CALENDAR_API_URL: string;
    GOOGLE_CLIENT_ID: string;
    GOOGLE_CLIENT_SECRET: string;
  };
  /** Creates an account up front (accounts are otherwise created on first mention). */
  addAccount(email: string, options?: { timeZone?: string }): void;
  /** Who "clicks Allow" on the next authorizations; `'deny'` clicks "Cancel". */
  setConsent(who: string): void;
  /** The events of the account's primary calendar (copies), by start time. */
  events(email: string, options?: { includeCancelled?: boolean }): GoogleEvent[];
  /** An event made by the user in Google Calendar; it shows in the next incremental sync. */
  addEvent(email: string, fields: GoogleEventInput): GoogleEvent;
  /** An edit by the user in Google Calendar (patch semantics). */
  updateEvent(email: string, id: string, patch: GoogleEventInput): GoogleEvent;
  /** A deletion by the user in Google Calendar: the event becomes `cancelled`. */
  deleteEvent(email: string, id: string): void;
  /** The user removed the app's access: refresh → invalid_grant, access tokens → 401. */
  revokeGrants(email: string): void;
  /** Every access token issued so far answers 401 (refresh tokens still work). */
  expireAccessTokens(): void;
  /** Every sync token (and incremental page token) issued so far for the account answers 410. */
  invalidateSyncTokens(email: string): void;
  /** The next `count` requests on the target (default: the Calendar API) answer this failure. */
  failNext(count: number, fault: GoogleFault): void;
  /** The next `count` (default 1) requests on the target are served, then answered after `ms`. */
  delayNext(ms: number, options?: { count?: number; on?: GoogleFaultTarget }): void;
  /** Every request received, all endpoints, in arrival order. */
  requests: FakeRequest[];
  resetRequests(): void;
  /** Resolves when every request received so far has been answered (delayed ones included). */
  idle(): Promise<void>;
  /** The channels still delivering (neither stopped nor expired), of one account or all. */
  channels(email?: string): GoogleChannel[];
  /** Every push message attempted, in the order they were queued. */
  notifications: GoogleNotification[];
  /** Every channel expires now: no more messages (and channels.stop answers 404 for them). */
  expireChannels(): void;
  /** Resolves when every push message queued so far has been answered (or has failed). */
  flushNotifications(): Promise<void>;
  stop(): Promise<void>;
}

type Reply = { status: number; body?: unknown; html?: string; headers?: Record<string, string> };

interface Account {
  email: string;
  /** Google's stable numeric account id, the `sub` of the id_token. */
  sub: string;
  timeZone: string;
  events: Map<string, StoredEvent>;
  /** Bumped by invalidateSyncTokens: tokens of an older generation are gone. */
  generation: number;
}

interface StoredEvent {
  event: GoogleEvent;
  /** The fake-wide change number of the last change: what sync tokens compare against. */
  change: number;
  startMs: number;
  endMs: number;
}

interface Channel extends GoogleChannel {
  stopped: boolean;
  /** The last message number used (1 is the sync message). */
  messageNumber: number;
  /** Messages of a channel go out one after the other, in the order of the changes. */
  chain: Promise<void>;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  email: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
  issueRefreshToken: boolean;
}

interface Grant {
  email: string;
  scopes: string[];
  revoked: boolean;
  refreshToken: string | null;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
  expired: boolean;
}

interface SyncToken {
  email: string;
  change: number;
  generation: number;
}

interface PageState {
  email: string;
  /** The list query the token belongs to (all parameters but pageToken). */
  signature: string;
  ids: string[];
  offset: number;
  nextSyncToken: string;
  incremental: boolean;
  generation: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url');
const validZone = (zone: string) => !Number.isNaN(tzOffset(zone, new Date(0)));
const pad = (value: number, size = 2) => String(value).padStart(size, '0');

/** Google's error envelope for the Calendar API. */
function apiError(code: number, message: string, reason: string, extra: { domain?: string; location?: string; locationType?: string } = {}): Reply {
  const status: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  const detail = { message, domain: extra.domain ?? 'global', reason, ...(extra.location ? { location: extra.location, locationType: extra.locationType ?? 'parameter' } : {}) };
  return { status: code, body: { error: { code, message, errors: [detail], ...(status[code] ? { status: status[code] } : {}) } } };
}

/** The OAuth endpoints' error shape (RFC 6749 §5.2). */
const oauthError = (status: number, error: string, description?: string): Reply => ({
  status,
  body: { error, ...(description ? { error_description: description } : {}) },
});

/** Google shows its own error page (no redirect) for a request it cannot trust or understand. */
const errorPage = (error: string, detail: string): Reply => ({
  status: 400,
  html: `<!doctype html><title>Error 400: ${error}</title><h1>Access blocked: authorisation error</h1><p>Error 400: ${error}</p><p>${detail.replace(/[<>&]/g, '')}</p>`,
});

/** The instant of an RFC 3339 date-time with offset, or of a local date-time read in `zone`. */
function instantOf(text: string, zone: string | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i.exec(text);
  if (!match) return null;
  if (match[8]) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }
  if (!zone) return null;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = Math.round(Number(fraction ?? 0) * 1000);
  const instant = new TZDate(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms, zone).getTime();
  return Number.isNaN(instant) ? null : instant;
}

/** RFC 3339 in a zone, as Google renders it: `2026-01-20T11:00:00+01:00`, or `…Z` at offset 0. */
function rfc3339In(instant: number, zone: string): string {
  const local = new TZDate(instant, zone);
  const offset = tzOffset(zone, new Date(instant));
  const sign = offset < 0 ? '-' : '+';
  const suffix = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}${suffix}`;
}

/** Google's patch semantics: nested objects merge, arrays and scalars replace, null clears. */
function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isObject(value) && isObject(result[key])) result[key] = mergePatch(result[key] as Record<string, unknown>, value);
    else result[key] = value;
  }
  return result;
}

/** http://127.0.0.1, http://localhost or http://[::1]: the local receivers tests run. */
const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

interface Delivery {
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
}

/** One POST to a receiver (no keep-alive), answered within `timeoutMs` or given up. Never rejects. */
function deliver(target: URL, headers: Record<string, string>, body: string, timeoutMs: number, signal: AbortSignal): Promise<Delivery> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Delivery) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const client = target.protocol === 'https:' ? https : http;
    let request: http.ClientRequest;
    try {
      request = client.request(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }, agent: false, signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => finish({ status: response.statusCode, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => finish({ status: response.statusCode, error: error.message }));
      });
    } catch (error) {
      resolve({ error: (error as Error).message });
      return;
    }
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish({ error: error.message }));
    request.end(body);
  });
}

export interface FakeGoogleOptions {
  /**
   * Show a sign-in and consent page at the authorization endpoint (the local sandbox of `npm
   * start`) instead of answering at once for the account set with setConsent (tests).
   */
  consentPage?: boolean;
}

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const clientId = `${randomInt(100_000_000, 999_999_999)}-fake${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, '')}.apps.googleusercontent.com`;
  const clientSecret = `GOCSPX-${randomToken(21)}`;
  const accounts = new Map<string, Account>();
  const codes = new Map<string, AuthCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const syncTokens = new Map<string, SyncToken>();
  const pageTokens = new Map<string, PageState>();
  /** Accounts that already consented to this client: Google gives a refresh token on the first consent only (or with prompt=consent). */
  const consented = new Set<string>();
  const requests: FakeRequest[] = [];
  const faults: Record<GoogleFaultTarget, GoogleFault[]> = { api: [], token: [] };
  const delays: Record<GoogleFaultTarget, number[]> = { api: [], token: [] };
  const inflight = new Set<Promise<void>>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  const channels = new Map<string, Channel>();
  /** The resourceId of each account's watched events collection: opaque, stable. */
  const resourceIds = new Map<string, string>();
  const notifications: GoogleNotification[] = [];
  const deliveries = new Set<Promise<void>>();
  const shutdown = new AbortController();
  let consent: string | null = null;
  let changes = 0;
  // Timestamps never repeat nor go back, so `updated` orders every change.
  let clock = 0;
  const now = () => (clock = Math.max(Date.now(), clock + 1));

  const account = (email: string, options: { timeZone?: string } = {}): Account => {
    const key = email.toLowerCase();
    let found = accounts.get(key);
    if (!found) {
      const timeZone = options.timeZone ?? 'UTC';
      if (!validZone(timeZone)) throw new Error(`unknown time zone ${timeZone}`);
      found = { email: key, sub: String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000_000_000, 999_999_999_999)), timeZone, events: new Map(), generation: 0 };
      accounts.set(key, found);
    }
    return found;
  };
  const consentingAccount = () => consent ?? accounts.keys().next().value ?? DEFAULT_ACCOUNT;

  // ---------------------------------------------------------------- events

  const newEventId = () => Array.from({ length: 26 }, () => BASE32HEX[randomInt(32)]).join('');

  /** One side of an event's time: checked, normalised as Google renders it, and its instant. */
  const readTime = (value: unknown, side: 'start' | 'end', calendarZone: string): { time: GoogleEventTime; ms: number } | Reply => {
    if (!isObject(value)) return apiError(400, `Missing ${side} time.`, 'required');
    const { date, dateTime, timeZone } = value;
    if (timeZone !== undefined && (typeof timeZone !== 'string' || !validZone(timeZone))) return apiError(400, `Invalid time zone definition for ${side} time.`, 'invalid');
    const zone = typeof timeZone === 'string' ? timeZone : undefined;
    if ((date === undefined) === (dateTime === undefined)) return apiError(400, `Invalid ${side} time.`, 'invalid');
    if (date !== undefined) {
      if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return apiError(400, `Invalid ${side} time.`, 'invalid');
      const ms = instantOf(`${date}T00:00:00`, zone ?? calendarZone);
      if (ms === null) return apiError(400, `Invalid ${side} time.`, 'invalid');
      return { time: { date, ...(zone ? { timeZone: zone } : {}) }, ms };
    }
    // A dateTime without offset needs a timeZone ("required unless an explicit offset is given").
    const ms = typeof dateTime === 'string' ? instantOf(dateTime, zone) : null;
    if (ms === null) return apiError(400, `Invalid ${side} time.`, 'invalid');
    return { time: { dateTime: rfc3339In(ms, zone ?? calendarZone), ...(zone ? { timeZone: zone } : {}) }, ms };
  };

  const READ_ONLY = new Set(['kind', 'etag', 'id', 'htmlLink', 'created', 'updated', 'iCalUID', 'creator', 'organizer', 'start', 'end', 'sequence']);

  /** The event a write produces, or the 400 Google answers. `base` is the event being replaced. */
  const compose = (owner: Account, id: string, input: Record<string, unknown>, base: StoredEvent | undefined): StoredEvent | Reply => {
    const startTime = readTime(input.start, 'start', owner.timeZone);
    if ('status' in startTime) return startTime;
    const endTime = readTime(input.end, 'end', owner.timeZone);
    if ('status' in endTime) return endTime;
    if (endTime.ms < startTime.ms) return apiError(400, 'The specified time range is empty.', 'timeRangeEmpty');
    if (input.status !== undefined && !['confirmed', 'tentative', 'cancelled'].includes(String(input.status))) return apiError(400, 'Invalid value for: status', 'invalid');
    if (input.transparency !== undefined && !['opaque', 'transparent'].includes(String(input.transparency))) return apiError(400, 'Invalid value for: transparency', 'invalid');
    for (const field of ['summary', 'description', 'location'] as const) {
      if (input[field] !== undefined && typeof input[field] !== 'string') return apiError(400, `Invalid value for: ${field}`, 'invalid');
    }
    const properties = input.extendedProperties;
    if (properties !== undefined) {
      const valid =
        isObject(properties) &&
        Object.entries(properties).every(([scope, map]) => ['private', 'shared'].includes(scope) && isObject(map) && Object.values(map).every((v) => typeof v === 'string'));
      if (!valid) return apiError(400, 'Invalid extended property value.', 'invalid');
    }
    const sequence = input.sequence;
    if (sequence !== undefined && (!Number.isInteger(sequence) || Number(sequence) < 0)) return apiError(400, 'Invalid sequence value.', 'invalid');
    // Google refuses to take an event's sequence number backwards.
    if (base && sequence !== undefined && Number(sequence) < base.event.sequence) {
      return apiError(400, 'Invalid sequence value. The specified sequence number is below the current sequence number of the resource.', 'invalidSequenceValue');
    }
    const stamp = now();
    const updated = new Date(stamp).toISOString();
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) if (!READ_ONLY.has(key) && value !== undefined) kept[key] = value;
    const event: GoogleEvent = {
      kind: 'calendar#event',
      etag: `"${stamp}000"`,
      id,
      htmlLink: `https://www.google.com/calendar/event?eid=${base64url(`${id} ${owner.email}`)}`,
      created: base?.event.created ?? updated,
      updated,
      ...kept,
      status: (input.status as GoogleEvent['status'] | undefined) ?? 'confirmed',
      creator: { email: owner.email, self: true },
      organizer: { email: owner.email, self: true },
      start: startTime.time,
      end: endTime.time,
      iCalUID: base?.event.iCalUID ?? `${id}@google.com`,
      sequence: sequence !== undefined ? Number(sequence) : (base?.event.sequence ?? 0),
      reminders: isObject(input.reminders) ? (input.reminders as GoogleEvent['reminders']) : { useDefault: true },
      eventType: typeof input.eventType === 'string' ? input.eventType : 'default',
    };
    changes += 1;
    return { event, change: changes, startMs: startTime.ms, endMs: endTime.ms };
  };
  const isReply = (value: StoredEvent | Reply): value is Reply => 'status' in value;

  const insertEvent = (owner: Account, input: Record<string, unknown>): Reply => {
    let id: string;
    if (input.id !== undefined) {
      // "characters allowed in the ID are those used in base32hex encoding, i.e. lowercase letters
      // a-v and digits 0-9 … the length of the ID must be between 5 and 1024 characters".
      if (typeof input.id !== 'string' || !/^[a-v0-9]{5,1024}$/.test(input.id)) return apiError(400, 'Invalid resource id value.', 'invalid');
      id = input.id;
    } else {
      id = newEventId();
    }
    // Ids stay taken after a deletion (the event lives on as cancelled).
    if (owner.events.has(id)) return apiError(409, 'The requested identifier already exists.', 'duplicate');
    const stored = compose(owner, id, input, undefined);
    if (isReply(stored)) return stored;
    owner.events.set(id, stored);
    changed(owner);
    return { status: 200, body: structuredClone(stored.event) };
  };

  const replaceEvent = (owner: Account, id: string, input: Record<string, unknown>): Reply => {
    const existing = owner.events.get(id);
    if (!existing) return apiError(404, 'Not Found', 'notFound');
    // A full replacement: omitted fields go back to their defaults (status → confirmed, which is
    // how a cancelled event comes back).
    const stored = compose(owner, id, input, existing);
    if (isReply(stored)) return stored;
    owner.events.set(id, stored);
    changed(owner);
    return { status: 200, body: structuredClone(stored.event) };
  };

  const patchEvent = (owner: Account, id: string, patch: Record<string, unknown>): Reply => {
    const existing = owner.events.get(id);
    if (!existing) return apiError(404, 'Not Found', 'notFound');
    const merged = mergePatch(existing.event, patch);
    // A patch that leaves the sequence alone keeps it (it must not count as "going backwards").
    if (patch.sequence === undefined) merged.sequence = existing.event.sequence;
    const stored = compose(owner, id, merged, existing);
    if (isReply(stored)) return stored;
    owner.events.set(id, stored);
    changed(owner);
    return { status: 200, body: structuredClone(stored.event) };
  };

  const cancelEvent = (owner: Account, id: string): Reply => {
    const existing = owner.events.get(id);
    if (!existing) return apiError(404, 'Not Found', 'notFound');
    if (existing.event.status === 'cancelled') return apiError(410, 'Resource has been deleted', 'deleted');
    const stamp = now();
    changes += 1;
    existing.event = { ...existing.event, status: 'cancelled', updated: new Date(stamp).toISOString(), etag: `"${stamp}000"` };
    existing.change = changes;
    changed(owner);
    return { status: 204 };
  };

  /**
   * How a list shows an event. For a cancelled one Google says "only the id field is guaranteed to
   * be populated", and in practice sends id + status: a client must not rely on its old times.
   */
  const listed = (stored: StoredEvent): Record<string, unknown> => {
    const { event } = stored;
    if (event.status === 'cancelled') return { kind: event.kind, etag: event.etag, id: event.id, status: event.status, updated: event.updated };
    return structuredClone(event);
  };

  const SYNC_RESTRICTIONS = ['timeMin', 'timeMax', 'orderBy', 'q', 'iCalUID', 'privateExtendedProperty', 'sharedExtendedProperty', 'updatedMin'];

  const issueSyncToken = (owner: Account) => {
    const token = `C${randomToken(24)}`;
    syncTokens.set(token, { email: owner.email, change: changes, generation: owner.generation });
    return token;
  };

  const listEvents = (owner: Account, query: URLSearchParams): Reply => {
    let maxResults = 250;
    const rawMax = query.get('maxResults');
    if (rawMax !== null) {
      const value = Number(rawMax);
      if (!Number.isInteger(value) || value < 1) return apiError(400, `Invalid value '${rawMax}'. Values must be within the range: [1, 2500]`, 'invalid', { location: 'maxResults' });
      // "The page size can never be larger than 2500 events."
      maxResults = Math.min(value, 2500);
    }
    const signature = JSON.stringify([...query.entries()].filter(([key]) => key !== 'pageToken').sort());
    const pageToken = query.get('pageToken');
    let state: PageState;
    if (pageToken !== null) {
      const found = pageTokens.get(pageToken);
      // The sync guide: page on with "exactly the same list query", plus pageToken.
      if (!found || found.email !== owner.email || found.signature !== signature) return apiError(400, 'Invalid page token value.', 'invalid', { location: 'pageToken' });
      if (found.incremental && found.generation < owner.generation) return fullSyncRequired();
      state = found;
    } else {
      const syncToken = query.get('syncToken');
      if (syncToken !== null) {
        // "Sync tokens aren't compatible with most filters", and deletions are always included:
        // setting showDeleted to false is not allowed.
        if (SYNC_RESTRICTIONS.some((key) => query.has(key)) || query.get('showDeleted') === 'false') {
          return apiError(400, 'Sync token cannot be used with other request restrictions.', 'syncTokenWithRequestRestrictions');
        }
        const token = syncTokens.get(syncToken);
        if (!token || token.email !== owner.email || token.generation < owner.generation) return fullSyncRequired();
        const ids = [...owner.events.values()].filter((s) => s.change > token.change).sort((a, b) => a.change - b.change).map((s) => s.event.id);
        state = { email: owner.email, signature, ids, offset: 0, nextSyncToken: issueSyncToken(owner), incremental: true, generation: owner.generation };
      } else {
        const full = fullSyncSelection(owner, query);
        if (!Array.isArray(full)) return full;
        state = { email: owner.email, signature, ids: full, offset: 0, nextSyncToken: issueSyncToken(owner), incremental: false, generation: owner.generation };
      }
    }
    const pageIds = state.ids.slice(state.offset, state.offset + maxResults);
    const items = pageIds.flatMap((id) => {
      const stored = owner.events.get(id);
      return stored ? [listed(stored)] : [];
    });
    const more = state.offset + maxResults < state.ids.length;
    let cursor: Record<string, string>;
    if (more) {
      const next = `P${randomToken(24)}`;
      pageTokens.set(next, { ...state, offset: state.offset + maxResults });
      cursor = { nextPageToken: next };
    } else {
      // "If the result set is too large and the response is paginated, then the nextSyncToken
      // field is present only on the last page."
      cursor = { nextSyncToken: state.nextSyncToken };
    }
    const latest = Math.max(0, ...[...owner.events.values()].map((s) => Date.parse(s.event.updated))) || now();
    return {
      status: 200,
      body: {
        kind: 'calendar#events',
        etag: `"${latest}000"`,
        summary: owner.email,
        description: '',
        updated: new Date(latest).toISOString(),
        timeZone: owner.timeZone,
        accessRole: 'owner',
        defaultReminders: [{ method: 'popup', minutes: 10 }],
        ...cursor,
        items,
      },
    };
  };

  const fullSyncRequired = () => apiError(410, 'Sync token is no longer valid, a full sync is required.', 'fullSyncRequired');

  /** The events of a full (non-incremental) list, in order, or the 400 for a bad query. */
  const fullSyncSelection = (owner: Account, query: URLSearchParams): string[] | Reply => {
    const bound = (key: 'timeMin' | 'timeMax'): number | null | Reply => {
      const raw = query.get(key);
      if (raw === null) return null;
      // "Must be an RFC3339 timestamp with mandatory time zone offset".
      const ms = /(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? instantOf(raw, undefined) : null;
      return ms === null ? apiError(400, 'Bad Request', 'badRequest', { location: key }) : ms;
    };
    const timeMin = bound('timeMin');
    if (timeMin !== null && typeof timeMin === 'object') return timeMin;
    const timeMax = bound('timeMax');
    if (timeMax !== null && typeof timeMax === 'object') return timeMax;
    const orderBy = query.get('orderBy');
    if (orderBy !== null && orderBy !== 'startTime' && orderBy !== 'updated') return apiError(400, 'Invalid value for: orderBy', 'invalid', { location: 'orderBy' });
    if (orderBy === 'startTime' && query.get('singleEvents') !== 'true') return apiError(400, 'The requested ordering is not available for the particular query.', 'invalid');
    const showDeleted = query.get('showDeleted') === 'true';
    const text = query.get('q')?.toLowerCase();
    const privateFilters = query.getAll('privateExtendedProperty').map((pair) => /^([^=]+)=(.*)$/s.exec(pair));
    if (privateFilters.some((pair) => pair === null)) return apiError(400, 'Invalid value for: privateExtendedProperty', 'invalid', { location: 'privateExtendedProperty' });
    const selected = [...owner.events.values()].filter(
      (s) =>
        (showDeleted || s.event.status !== 'cancelled') &&
        // timeMin bounds the END ("lower bound (exclusive) for an event's end time"), timeMax the START.
        (timeMin === null || s.endMs > timeMin) &&
        (timeMax === null || s.startMs < timeMax) &&
        (!text || [s.event.summary, s.event.description, s.event.location].some((v) => v?.toLowerCase().includes(text))) &&
        privateFilters.every((pair) => pair !== null && s.event.extendedProperties?.private?.[pair[1]!] === pair[2]),
    );
    if (orderBy === 'updated') selected.sort((a, b) => a.change - b.change);
    else selected.sort((a, b) => a.startMs - b.startMs || a.event.id.localeCompare(b.event.id));
    return selected.map((s) => s.event.id);
  };

  // ---------------------------------------------------------------- OAuth

  const authorize = (query: URLSearchParams): Reply => {
    const redirectUri = query.get('redirect_uri');
    if (query.get('client_id') !== clientId) return errorPage('invalid_client', 'The OAuth client was not found.');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return errorPage('invalid_request', 'Missing required parameter: redirect_uri');
    if (query.get('response_type') !== 'code') return errorPage('unsupported_response_type', `Invalid response_type: ${query.get('response_type') ?? ''}`);
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.includes(CALENDAR_SCOPE)) return errorPage('invalid_scope', `The fake requires the scope ${CALENDAR_SCOPE}.`);
    const challenge = query.get('code_challenge');
    // RFC 7636: the S256 challenge is base64url(SHA-256(verifier)), 43 characters.
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || query.get('code_challenge_method') !== 'S256') {
      return errorPage('invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256.');
    }
    const state = query.get('state');
    const target = new URL(redirectUri);
    if (state !== null) target.searchParams.set('state', state);
    let who = consentingAccount();
    if (options.consentPage) {
      // As a sandbox, a person signs in and consents on a page, as on Google's own.
      const decision = consentDecision(query);
      if (decision === undefined) {
        return { status: 200, html: consentPage({ provider: 'Google', action: '/o/oauth2/v2/auth', query, suggestedAccount: DEFAULT_ACCOUNT, invalidAccount: query.has(SANDBOX_DECISION) }) };
      }
      who = decision;
    }
    if (who === 'deny') {
      target.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: target.toString() } };
    }
    const owner = account(who);
    // Google sends a refresh token only with access_type=offline, and only on the first consent
    // of the account to this client, unless prompt=consent asks for consent again.
    const offline = query.get('access_type') === 'offline';
    const prompted = (query.get('prompt') ?? '').split(' ').includes('consent');
    const issueRefreshToken = offline && (prompted || !consented.has(owner.email));
    consented.add(owner.email);
    // Granting `email` also grants userinfo.email, which Google lists in the granted scopes.
    const granted = scopes.includes('email') ? [...scopes, 'https://www.googleapis.com/auth/userinfo.email'] : scopes;
    const code = `4/0A${randomToken(48)}`;
    codes.set(code, { clientId, redirectUri, challenge, email: owner.email, scopes: granted, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false, issueRefreshToken });
    target.searchParams.set('code', code);
    target.searchParams.set('scope', granted.join(' '));
    target.searchParams.set('authuser', '0');
    target.searchParams.set('prompt', 'consent');
    return { status: 302, headers: { location: target.toString() } };
  };

  const idToken = (owner: Account, scopes: string[]) => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: 'fake-google', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        iss: 'https://accounts.google.com',
        azp: clientId,
        aud: clientId,
        sub: owner.sub,
        ...(scopes.includes('email') ? { email: owner.email, email_verified: true } : {}),
        iat: issuedAt,
        exp: issuedAt + 3600,
      }),
    );
    // Not verifiable (the signature is a dummy): a token received straight from Google's token
    // endpoint over TLS need not be verified, Google's OpenID Connect guide says.
    return `${header}.${payload}.${base64url('fake-signature')}`;
  };

  const issueAccessToken = (grant: Grant) => {
    const token = `ya29.a0${randomToken(60)}`;
    accessTokens.set(token, { grant, expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000, expired: false });
    return token;
  };

  const token = (form: URLSearchParams, authorization: string | undefined): Reply => {
    // Client authentication: in the body or with HTTP Basic (RFC 6749 §2.3.1).
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(authorization ?? '');
    if (basic) {
      const [user, password] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(/:(.*)/s);
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(password ?? '');
    }
    if (id !== clientId || secret !== clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const codeValue = form.get('code');
      if (!codeValue) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
      const code = codes.get(codeValue);
      if (!code || code.clientId !== id) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      if (code.used || code.expiresAt < Date.now()) return oauthError(400, 'invalid_grant', 'Bad Request');
      // Google answers a different redirect_uri with its own error code.
      if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier');
      if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
      code.used = true;
      const owner = account(code.email);
      const grant: Grant = { email: owner.email, scopes: code.scopes, revoked: false, refreshToken: null };
      if (code.issueRefreshToken) {
        grant.refreshToken = `1//0${randomToken(70)}`;
        refreshTokens.set(grant.refreshToken, grant);
      }
      return {
        status: 200,
        body: {
          access_token: issueAccessToken(grant),
          expires_in: ACCESS_TOKEN_SECONDS,
          ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
          scope: grant.scopes.join(' '),
          token_type: 'Bearer',
          ...(grant.scopes.includes('openid') ? { id_token: idToken(owner, grant.scopes) } : {}),
        },
      };
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token');
      if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
      const grant = refreshTokens.get(refreshToken);
      if (!grant || grant.revoked) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      // No refresh_token here: Google keeps the one the client has.
      return {
        status: 200,
        body: {
          access_token: issueAccessToken(grant),
          expires_in: ACCESS_TOKEN_SECONDS,
          scope: grant.scopes.join(' '),
          token_type: 'Bearer',
          ...(grant.scopes.includes('openid') ? { id_token: idToken(account(grant.email), grant.scopes) } : {}),
        },
      };
    }
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  };

  const revokeGrant = (grant: Grant) => {
    grant.revoked = true;
    // The user has to consent again, and that first consent gives a refresh token again.
    consented.delete(grant.email);
  };

  const revoke = (tokenValue: string | null): Reply => {
    // "If the token is an access token and it has a corresponding refresh token, the refresh token
    // will also be revoked": either token ends the whole grant.
    const grant = tokenValue ? (refreshTokens.get(tokenValue) ?? accessTokens.get(tokenValue)?.grant) : undefined;
    if (!grant || grant.revoked) return oauthError(400, 'invalid_token', 'Token expired or revoked');
    revokeGrant(grant);
    return { status: 200, body: {} };
  };

  // ---------------------------------------------------------------- push notifications

  const activeChannel = (channel: Channel) => !channel.stopped && channel.expiration > Date.now();
  /** The project that owns the channels (Google names it in its channels.stop 404). */
  const projectNumber = clientId.split('-')[0] ?? '0';

  /**
   * Queues one message on a channel: recorded at once, sent after the channel's earlier messages,
   * never awaited by the API call that caused it. "Value is always 1 for sync messages. Message
   * numbers increase for each subsequent message on the channel, but they are not sequential":
   * the fake skips a few numbers now and then.
   */
  const push = (channel: Channel, state: 'sync' | 'exists') => {
    const messageNumber = state === 'sync' ? 1 : (channel.messageNumber += 1 + randomInt(3));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; utf-8',
      'User-Agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)',
      'X-Goog-Channel-ID': channel.id,
      // "Only present if defined."
      ...(channel.token !== undefined ? { 'X-Goog-Channel-Token': channel.token } : {}),
      // "Date and time of notification channel expiration, expressed in human-readable format."
      'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-URI': channel.resourceUri,
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(messageNumber),
    };
    const entry: GoogleNotification = { channelId: channel.id, resourceId: channel.resourceId, state, messageNumber, address: channel.address, headers };
    notifications.push(entry);
    // Google retries a failed message with exponential backoff; the fake only records the answer.
    const sent = channel.chain.then(async () => {
      const answer = await deliver(new URL(channel.address), headers, '', NOTIFICATION_TIMEOUT_MS, shutdown.signal);
      if (answer.status !== undefined) entry.status = answer.status;
      if (answer.error !== undefined) entry.error = answer.error;
    });
    channel.chain = sent;
    deliveries.add(sent);
    void sent.finally(() => deliveries.delete(sent));
  };

  /** A change to the account's events (an API write or an edit in Google Calendar). */
  const changed = (owner: Account) => {
    for (const channel of channels.values()) if (channel.email === owner.email && activeChannel(channel)) push(channel, 'exists');
  };

  const watch = (owner: Account, calendarId: string, body: Record<string, unknown>): Reply => {
    const { id, type, address, token, expiration, params } = body;
    if (id === undefined || id === null || id === '') return apiError(400, 'Required', 'required', { location: 'id' });
    if (typeof id !== 'string' || !CHANNEL_ID.test(id)) return apiError(400, 'Channel id must match [A-Za-z0-9\\-_\\+/=]+ and be at most 64 characters.', 'channelIdInvalid');
    if (type === undefined || type === null) return apiError(400, 'Required', 'required', { location: 'type' });
    // "Valid values are "web_hook" (or "webhook")."
    if (type !== 'web_hook' && type !== 'webhook') return apiError(400, `Invalid value for: type: ${String(type)}`, 'invalid');
    if (address === undefined || address === null || address === '') return apiError(400, 'Required', 'required', { location: 'address' });
    let target: URL | null = null;
    try {
      target = typeof address === 'string' ? new URL(address) : null;
    } catch {
      target = null;
    }
    // Google only delivers to HTTPS addresses with a valid certificate. The fake also accepts
    // plain http on loopback (127.0.0.1, localhost, [::1]) so tests can run a local receiver;
    // anything else that is not https is refused as Google refuses it.
    if (!target || !(target.protocol === 'https:' || isLoopbackHttp(target))) return apiError(400, `WebHook callback must be HTTPS: ${String(address)}`, 'push.webhookUrlNotHttps');
    if (token !== undefined && token !== null && (typeof token !== 'string' || token.length > MAX_CHANNEL_TOKEN)) return apiError(400, 'Invalid value for: token', 'invalid');
    let extra: Record<string, string> | undefined;
    if (params !== undefined && params !== null) {
      if (!isObject(params) || !Object.values(params).every((v) => typeof v === 'string')) return apiError(400, 'Invalid value for: params', 'invalid');
      extra = params as Record<string, string>;
    }
    const issued = Date.now();
    let expiresAt = issued + DEFAULT_CHANNEL_TTL_MS;
    if (expiration !== undefined && expiration !== null) {
      // An int64: a JSON number or a decimal string, in milliseconds since the epoch.
      const value = typeof expiration === 'number' || (typeof expiration === 'string' && /^\d+$/.test(expiration)) ? Number(expiration) : NaN;
      if (!Number.isSafeInteger(value)) return apiError(400, 'Invalid value for: expiration', 'invalid');
      // Not documented; the fake refuses a channel that would be born expired.
      if (value <= issued) return apiError(400, 'Invalid expiration: the channel expiration must be in the future.', 'invalid');
      expiresAt = value;
    } else if (extra?.ttl !== undefined) {
      if (!/^\d+$/.test(extra.ttl) || Number(extra.ttl) < 1) return apiError(400, 'Invalid value for: params.ttl', 'invalid');
      expiresAt = issued + Number(extra.ttl) * 1000;
    }
    expiresAt = Math.min(expiresAt, issued + MAX_CHANNEL_TTL_MS);
    // Channel ids are unique within the project while the channel lives.
    const existing = channels.get(id);
    if (existing && activeChannel(existing)) return apiError(400, 'Channel id not unique', 'channelIdNotUnique');
    let resourceId = resourceIds.get(owner.email);
    if (!resourceId) {
      resourceId = randomToken(20);
      resourceIds.set(owner.email, resourceId);
    }
    const channel: Channel = {
      id,
      resourceId,
      // Version-specific, as Google answers it (`…/calendars/primary/events?alt=json`).
      resourceUri: `${origin}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
      address: address as string,
      ...(typeof token === 'string' ? { token } : {}),
      expiration: expiresAt,
      email: owner.email,
      ...(extra ? { params: { ...extra } } : {}),
      stopped: false,
      messageNumber: 1,
      chain: Promise.resolve(),
    };
    channels.set(id, channel);
    // "After creating a new notification channel … the Google Calendar API sends a sync message";
    // it may even arrive before the watch answer.
    push(channel, 'sync');
    return {
      status: 200,
      body: {
        kind: 'api#channel',
        id,
        resourceId,
        resourceUri: channel.resourceUri,
        ...(channel.token !== undefined ? { token: channel.token } : {}),
        expiration: String(expiresAt),
      },
    };
  };

  const stopChannel = (body: Record<string, unknown>): Reply => {
    const { id, resourceId } = body;
    if (typeof id !== 'string' || !id) return apiError(400, 'Required', 'required', { location: 'id' });
    if (typeof resourceId !== 'string' || !resourceId) return apiError(400, 'Required', 'required', { location: 'resourceId' });
    const channel = channels.get(id);
    if (!channel || !activeChannel(channel) || channel.resourceId !== resourceId) return apiError(404, `Channel '${id}' not found for project '${projectNumber}'`, 'notFound');
    channel.stopped = true;
    channels.delete(id);
    return { status: 204 };
  };

  // ---------------------------------------------------------------- Calendar API routing

  const authenticate = (header: string | undefined): Account | Reply => {
    const value = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    const found = value ? accessTokens.get(value) : undefined;
    if (!found || found.expired || found.grant.revoked || found.expiresAt < Date.now()) {
      const reply = apiError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        'authError',
        { location: 'Authorization', locationType: 'header' },
      );
      return { ...reply, headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } };
    }
    if (!found.grant.scopes.some((scope) => CALENDAR_SCOPES.has(scope))) {
      return apiError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions');
    }
    return account(found.grant.email);
  };

  const api = (method: string, path: string, query: URLSearchParams, rawBody: string, authorization: string | undefined): Reply => {
    const owner = authenticate(authorization);
    if (!('events' in owner)) return owner;
    if (path === '/channels/stop') {
      if (method !== 'POST') return apiError(405, 'Method Not Allowed', 'httpMethodNotAllowed');
      try {
        const parsed: unknown = rawBody ? JSON.parse(rawBody) : undefined;
        if (!isObject(parsed)) return apiError(400, 'Parse Error', 'parseError');
        return stopChannel(parsed);
      } catch {
        return apiError(400, 'Parse Error', 'parseError');
      }
    }
    const match = /^\/calendars\/([^/]+)(\/events(?:\/([^/]+))?)?$/.exec(path);
    if (!match) return apiError(404, 'Not Found', 'notFound');
    const events = match[2] !== undefined;
    let calendarId: string;
    let eventId: string | undefined;
    try {
      calendarId = decodeURIComponent(match[1]!);
      eventId = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
    } catch {
      return apiError(400, 'Bad Request', 'badRequest');
    }
    // `primary` and the account's email both name the primary calendar; the fake has no other.
    if (calendarId !== 'primary' && calendarId.toLowerCase() !== owner.email) return apiError(404, 'Not Found', 'notFound');
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      try {
        const parsed: unknown = rawBody ? JSON.parse(rawBody) : undefined;
        if (!isObject(parsed)) return apiError(400, 'Parse Error', 'parseError');
        body = parsed;
      } catch {
        return apiError(400, 'Parse Error', 'parseError');
      }
    }
    if (!events) {
      if (method !== 'GET') return apiError(405, 'Method Not Allowed', 'httpMethodNotAllowed');
      return { status: 200, body: { kind: 'calendar#calendar', etag: `"${owner.generation}"`, id: owner.email, summary: owner.email, timeZone: owner.timeZone } };
    }
    // Event ids are base32hex (a-v, 0-9): `watch` (with a w) is never one.
    if (eventId === 'watch' && method === 'POST') return watch(owner, calendarId, body);
    if (eventId === undefined) {
      if (method === 'GET') return listEvents(owner, query);
      if (method === 'POST') return insertEvent(owner, body);
      return apiError(405, 'Method Not Allowed', 'httpMethodNotAllowed');
    }
    if (method === 'GET') {
      // A get returns cancelled events too (with status "cancelled").
      const stored = owner.events.get(eventId);
      return stored ? { status: 200, body: structuredClone(stored.event) } : apiError(404, 'Not Found', 'notFound');
    }
    if (method === 'PUT') return replaceEvent(owner, eventId, body);
    if (method === 'PATCH') return patchEvent(owner, eventId, body);
    if (method === 'DELETE') return cancelEvent(owner, eventId);
    return apiError(405, 'Method Not Allowed', 'httpMethodNotAllowed');
  };

  const faultReply = (fault: GoogleFault, target: GoogleFaultTarget): Reply => {
    const headers = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
    if (target === 'token') {
      const error = fault.status >= 500 ? 'internal_failure' : fault.status === 429 ? 'rate_limit_exceeded' : (fault.reason ?? 'invalid_request');
      return { ...oauthError(fault.status, error, fault.message ?? 'Fake failure'), headers };
    }
    const defaults: Record<number, [string, string, string]> = {
      // [reason, message, domain]
      403: ['rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'],
      429: ['rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'],
      500: ['backendError', 'Backend Error', 'global'],
      503: ['backendError', 'Backend Error', 'global'],
    };
    const [reason, message, domain] = defaults[fault.status] ?? ['backendError', 'Backend Error', 'global'];
    const chosenReason = fault.reason ?? reason;
    const reply = apiError(fault.status, fault.message ?? message, chosenReason, { domain: /RateLimit|quota/i.test(chosenReason) ? 'usageLimits' : domain });
    return { ...reply, headers };
  };

  const route = (method: string, url: URL, rawBody: string, headers: http.IncomingHttpHeaders): Reply => {
    const path = url.pathname;
    if (path === '/o/oauth2/v2/auth' && method === 'GET') return authorize(url.searchParams);
    if (path === '/token' && method === 'POST') {
      if (!String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
      return token(new URLSearchParams(rawBody), headers.authorization);
    }
    if (path === '/revoke' && method === 'POST') return revoke(url.searchParams.get('token') ?? new URLSearchParams(rawBody).get('token'));
    if (path.startsWith('/calendar/v3/')) return api(method, path.slice('/calendar/v3'.length), url.searchParams, rawBody, headers.authorization);
    return apiError(404, 'Not Found', 'notFound');
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const sleeper = { timer: setTimeout(() => wake(), ms), wake: () => wake() };
      const wake = () => {
        clearTimeout(sleeper.timer);
        sleepers.delete(sleeper);
        resolve();
      };
      sleepers.add(sleeper);
    });

  const server = http.createServer((request, response) => {
    const work = (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      const entry: FakeRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
      requests.push(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const target: GoogleFaultTarget | null = url.pathname.startsWith('/calendar/v3/') ? 'api' : url.pathname === '/token' || url.pathname === '/revoke' ? 'token' : null;
      const fault = target ? faults[target].shift() : undefined;
      let reply: Reply;
      try {
        reply = fault && target ? faultReply(fault, target) : route(method, url, Buffer.concat(chunks).toString('utf8'), request.headers);
      } catch (error) {
        reply = apiError(500, `Fake Google failed: ${(error as Error).message}`, 'backendError');
      }
      entry.status = reply.status;
      // A slow answer: the request has had its effect; only the answer is late (or lost, when the
      // client gives up first), as with a slow provider.
      const delay = target ? delays[target].shift() : undefined;
      if (delay) await sleep(delay);
      if (response.destroyed) return;
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.html !== undefined) headers['content-type'] = 'text/html; charset=utf-8';
      else if (reply.body !== undefined) headers['content-type'] = 'application/json; charset=UTF-8';
      response.writeHead(reply.status, headers);
      response.end(reply.html ?? (reply.body !== undefined ? JSON.stringify(reply.body) : undefined));
    })();
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const existingEvent = (email: string, id: string) => {
    const stored = account(email).events.get(id);
    if (!stored) throw new Error(`no event ${id} in ${email}'s calendar`);
    return stored;
  };
  const orThrow = (reply: Reply): GoogleEvent => {
    if (reply.status >= 400) throw new Error(`fake Google refused the edit: ${JSON.stringify(reply.body)}`);
    return reply.body as GoogleEvent;
  };

  return {
    url: origin,
    clientId,
    clientSecret,
    env: {
      GOOGLE_AUTH_URL: `${origin}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${origin}/token`,
      GOOGLE_REVOKE_URL: `${origin}/revoke`,
      GOOGLE_CALENDAR_API_URL: `${origin}/calendar/v3`,
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
    },
    addAccount(email, options) {
      account(email, options);
    },
    setConsent(who) {
      consent = who === 'deny' ? 'deny' : account(who).email;
    },
    events(email, options = {}) {
      return [...account(email).events.values()]
        .filter((s) => options.includeCancelled || s.event.status !== 'cancelled')
        .sort((a, b) => a.startMs - b.startMs)
        .map((s) => structuredClone(s.event));
    },
    addEvent(email, fields) {
      return orThrow(insertEvent(account(email), fields));
    },
    updateEvent(email, id, patch) {
      existingEvent(email, id);
      return orThrow(patchEvent(account(email), id, patch));
    },
    deleteEvent(email, id) {
      existingEvent(email, id);
      orThrow(cancelEvent(account(email), id));
    },
    revokeGrants(email) {
      const key = email.toLowerCase();
      for (const grant of [...refreshTokens.values(), ...[...accessTokens.values()].map((t) => t.grant)]) if (grant.email === key) revokeGrant(grant);
      consented.delete(key);
    },
    expireAccessTokens() {
      for (const access of accessTokens.values()) access.expired = true;
    },
    invalidateSyncTokens(email) {
      account(email).generation += 1;
    },
    failNext(count, fault) {
      for (let i = 0; i < count; i += 1) faults[fault.on ?? 'api'].push(fault);
    },
    delayNext(ms, options = {}) {
      for (let i = 0; i < (options.count ?? 1); i += 1) delays[options.on ?? 'api'].push(ms);
    },
    requests,
    resetRequests() {
      requests.length = 0;
    },
    idle: async () => {
      while (inflight.size) await Promise.all([...inflight]);
    },
    channels(email) {
      const key = email?.toLowerCase();
      return [...channels.values()]
        .filter((c) => activeChannel(c) && (key === undefined || c.email === key))
        .map((c) => ({
          id: c.id,
          resourceId: c.resourceId,
          resourceUri: c.resourceUri,
          address: c.address,
          ...(c.token !== undefined ? { token: c.token } : {}),
          expiration: c.expiration,
          email: c.email,
          ...(c.params ? { params: { ...c.params } } : {}),
        }));
    },
    notifications,
    expireChannels() {
      const past = Date.now() - 1;
      for (const channel of channels.values()) channel.expiration = Math.min(channel.expiration, past);
    },
    flushNotifications: async () => {
      while (deliveries.size) await Promise.all([...deliveries]);
    },
    async stop() {
      // Messages still in flight are abandoned (recorded with an error).
      shutdown.abort();
      while (deliveries.size) await Promise.all([...deliveries]);
      for (const sleeper of [...sleepers]) sleeper.wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
