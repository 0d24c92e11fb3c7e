import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { TZDate, tzOffset } from '@date-fns/tz';
import { consentDecision, consentPage, SANDBOX_DECISION } from './pages.ts';

/**
 * A local stand-in for the Microsoft identity platform (v2.0 authorization code flow with PKCE)
 * and the parts of Microsoft Graph v1.0 calendars this product uses, on 127.0.0.1, following the
 * documented protocol:
 * - `<url>/common/oauth2/v2.0/authorize` → 302 to redirect_uri with `code` + `state` (or
 *   `error=access_denied`); `<url>/common/oauth2/v2.0/token` redeems a code once with the PKCE
 *   verifier, and every refresh answers a NEW access token and a NEW refresh token (the old one
 *   keeps working, as AAD's do until they expire); errors in AAD's shape (`error`, `error_codes`,
 *   `trace_id`…);
 * - Graph under `<url>/v1.0`: `/me`, `/me/calendar`, events create/get/update/delete (with
 *   `transactionId` de-duplication and single-value extended properties), and
 *   `/me/calendarView/delta` rounds (`@odata.nextLink` pages, `@odata.deltaLink` at the end,
 *   removals as `@removed`, 410 `SyncStateNotFound`), `Prefer: odata.maxpagesize` and
 *   `Prefer: outlook.timezone`; Graph's error shape `{ error: { code, message } }`;
 * - change notifications through webhooks (`/v1.0/subscriptions`): create (after the
 *   notificationUrl validation handshake), get, list, renew (PATCH), delete; then a
 *   changeNotificationCollection POSTed to notificationUrl for every change to the mailbox's
 *   events, until the subscription expires or is deleted.
 * Knobs make it fail the ways the real one can (revoked consent, expired tokens, lost sync state,
 * 429 throttling with Retry-After, 503/504, slowness).
 */

const DEFAULT_ACCOUNT = 'calendar.user@outlook.test';
const CODE_LIFETIME_MS = 10 * 60_000;
const ACCESS_TOKEN_SECONDS = 3599;
/** Graph's default page size for calendarView delta (when no `Prefer: odata.maxpagesize`). */
const DEFAULT_PAGE_SIZE = 10;
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** The tenant of personal Microsoft accounts: `tid` of their tokens, `tenantId` of their notifications. */
const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
/**
 * "Maximum length of subscription per resource type": Outlook message, event, contact — 10,080
 * minutes (under seven days); 1,440 minutes for subscriptions with resource data (docs of
 * 11/2024, learn.microsoft.com/graph/change-notifications-overview "Subscription lifetime").
 * Older docs said 4,230 minutes. Beyond the maximum Graph answers 400 ExtensionError
 * "Subscription expiration can only be N minutes in the future."
 */
const SUBSCRIPTION_MAX_MINUTES = 10_080;
/** "Any value under 45 minutes after the time of the request is automatically set to 45 minutes after the request time." */
const SUBSCRIPTION_MIN_MINUTES = 45;
/** The endpoint must answer the validation request "within 10 seconds". */
const VALIDATION_TIMEOUT_MS = 10_000;
/** "If Microsoft Graph doesn't receive a 2xx class code within 3 seconds, it tries to resend." */
const NOTIFICATION_TIMEOUT_MS = 3_000;
const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
type ChangeType = (typeof CHANGE_TYPES)[number];

/**
 * A few Windows time zone ids Graph accepts besides IANA names (it documents both), mapped to the
 * IANA zone they stand for; answers keep the name the client used.
 */
const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Romance Standard Time': 'Europe/Paris',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
};

export interface GraphDateTimeTimeZone {
  /** A local date-time without offset, e.g. `2026-01-20T10:00:00.0000000`. */
  dateTime: string;
  /** `UTC`, an IANA name, or one of the Windows names above. */
  timeZone: string;
}

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface SingleValueExtendedProperty {
  /** e.g. `String {66f5a359-4659-4830-9070-00047ec6ac6e} Name rdvAppointmentId`. */
  id: string;
  value: string;
}

/** What a client (or a test) may send for an event: Graph's writable event properties. */
export interface MicrosoftEventInput {
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  start?: GraphDateTimeTimeZone;
  end?: GraphDateTimeTimeZone;
  location?: { displayName?: string; [field: string]: unknown };
  showAs?: ShowAs;
  isAllDay?: boolean;
  isCancelled?: boolean;
  categories?: string[];
  singleValueExtendedProperties?: SingleValueExtendedProperty[];
  transactionId?: string;
  [field: string]: unknown;
}

/** An event as Graph answers it. */
export interface GraphEvent {
  '@odata.etag': string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  transactionId: string | null;
  iCalUId: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  start: GraphDateTimeTimeZone;
  end: GraphDateTimeTimeZone;
  originalStartTimeZone: string;
  originalEndTimeZone: string;
  location: { displayName: string; [field: string]: unknown };
  showAs: ShowAs;
  isAllDay: boolean;
  isCancelled: boolean;
  webLink: string;
  singleValueExtendedProperties?: SingleValueExtendedProperty[];
  [field: string]: unknown;
}

/** A subscription as Graph answers it. */
export interface GraphSubscription {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  notificationQueryOptions: null;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
  includeResourceData: boolean;
  latestSupportedTlsVersion: string;
  encryptionCertificate: null;
  encryptionCertificateId: null;
  notificationUrlAppId: null;
}

/** One change notification in a changeNotificationCollection, for an Outlook event. */
export interface GraphChangeNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  changeType: 'created' | 'updated' | 'deleted';
  /** `Users/{userId}/Events/{eventId}`. */
  resource: string;
  resourceData: { '@odata.type': '#Microsoft.Graph.Event'; '@odata.id': string; '@odata.etag': string; id: string };
  clientState: string | null;
  tenantId: string;
}

/** One change notification POST the fake attempted, and how the endpoint answered. */
export interface MicrosoftNotification {
  subscriptionId: string;
  changeType: 'created' | 'updated' | 'deleted';
  eventId: string;
  notificationUrl: string;
  /** The JSON body sent: `{ value: [notification] }`. */
  body: { value: GraphChangeNotification[] };
  /** The endpoint's HTTP status, once answered (2xx within 3 s is success). */
  status?: number;
  /** Why there is no status: connection refused, no answer within 3 s, fake stopped… */
  error?: string;
}

/** One notificationUrl (or lifecycleNotificationUrl) validation request and its outcome. */
export interface MicrosoftValidation {
  url: string;
  validationToken: string;
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
  ok: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Set once answered. */
  status?: number;
}

/** `graph` = Microsoft Graph (the default), `token` = the token endpoint. */
export type MicrosoftFaultTarget = 'graph' | 'token';

export interface MicrosoftFault {
  status: number;
  /** Sent as the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** Graph's `error.code` (default by status: TooManyRequests, serviceNotAvailable, …). */
  code?: string;
  message?: string;
  on?: MicrosoftFaultTarget;
}

export interface FakeMicrosoft {
  /** The fake's origin; the authority is `<url>/common`, Graph `<url>/v1.0`. */
  url: string;
  clientId: string;
  clientSecret: string;
  env: {
    MICROSOFT_AUTHORITY_URL: string;
    MICROSOFT_GRAPH_URL: string;
    MICROSOFT_CLIENT_ID: string;
    MICROSOFT_CLIENT_SECRET: string;
  };
  /**
   * Creates an account up front (accounts are otherwise created on first mention). `mail: null`
   * makes `/me` answer `mail: null`, as Graph does for many personal accounts (the address is then
   * only in `userPrincipalName`).
   */
  addAccount(email: string, options?: { displayName?: string; mail?: string | null }): void;
  /** Who "accepts" on the next authorizations; `'deny'` declines. */
  setConsent(who: string): void;
  /** The events of the account's calendar (copies, in their own time zones, with every extended property), by start. */
  events(email: string): GraphEvent[];
  /** An event made by the user in Outlook; it shows in the next delta round. */
  addEvent(email: string, fields: MicrosoftEventInput): GraphEvent;
  /** An edit by the user in Outlook (PATCH semantics). */
  updateEvent(email: string, id: string, patch: MicrosoftEventInput): GraphEvent;
  /** A deletion by the user in Outlook: delta reports it `@removed`. */
  deleteEvent(email: string, id: string): void;
  /** The user (or an admin) revoked the app's consent: refresh → invalid_grant, access tokens → 401. */
  revokeGrants(email: string): void;
  /** Every access token issued so far answers 401 (refresh tokens still work). */
  expireAccessTokens(): void;
  /** Every delta/skip token issued so far for the account answers 410 SyncStateNotFound. */
  invalidateDeltaTokens(email: string): void;
  /** The next `count` requests on the target (default: Graph) answer this failure. */
  failNext(count: number, fault: MicrosoftFault): void;
  /** The next `count` (default 1) requests on the target are served, then answered after `ms`. */
  delayNext(ms: number, options?: { count?: number; on?: MicrosoftFaultTarget }): void;
  /** Every request received, all endpoints, in arrival order. */
  requests: FakeRequest[];
  resetRequests(): void;
  /** Resolves when every request received so far has been answered (delayed ones included). */
  idle(): Promise<void>;
  /** The live subscriptions (neither deleted nor expired), of one account or all. */
  subscriptions(email?: string): GraphSubscription[];
  /** Every change notification attempted, in the order they were queued. */
  notifications: MicrosoftNotification[];
  /** Every validation handshake attempted (creation, or a PATCH of the notificationUrl). */
  validations: MicrosoftValidation[];
  /** Every subscription expires now: no more notifications, and GET/PATCH/DELETE answer 404. */
  expireSubscriptions(): void;
  /** Resolves when every notification queued so far has been answered (or has failed). */
  flushNotifications(): Promise<void>;
  stop(): Promise<void>;
}

type Reply = { status: number; body?: unknown; html?: string; headers?: Record<string, string> };

interface Account {
  email: string;
  id: string;
  displayName: string;
  mail: string | null;
  calendarId: string;
  events: Map<string, StoredEvent>;
  /** Bumped by invalidateDeltaTokens: sync states of an older generation are gone. */
  generation: number;
}

interface StoredEvent {
  id: string;
  iCalUId: string;
  created: string;
  modified: string;
  changeKey: string;
  transactionId: string | null;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  startMs: number;
  endMs: number;
  startZone: string;
  endZone: string;
  isAllDay: boolean;
  isCancelled: boolean;
  showAs: ShowAs;
  location: { displayName: string; [field: string]: unknown };
  categories: string[];
  /** Keyed by the lower-cased property id. */
  properties: Map<string, SingleValueExtendedProperty>;
  /** Other writable properties, kept as sent. */
  other: Record<string, unknown>;
}

interface Subscription {
  id: string;
  email: string;
  resource: string;
  changeType: string;
  changeTypes: Set<string>;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiresAt: number;
  creatorId: string;
  latestSupportedTlsVersion: string;
  deleted: boolean;
  /** Notifications of a subscription go out one after the other, in the order of the changes. */
  chain: Promise<void>;
}

interface AuthCode {
  redirectUri: string;
  challenge: string;
  email: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface Grant {
  email: string;
  scopes: string[];
  revoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
  expired: boolean;
}

/** What a delta token stands for: the window, and what the client has been told of it. */
interface SyncState {
  email: string;
  generation: number;
  startMs: number;
  endMs: number;
  /** Event id → the changeKey the client last received. */
  seen: Map<string, string>;
}

/** One round in progress: its entries are fixed at its first request, then paged. */
interface Round {
  email: string;
  generation: number;
  entries: Array<{ id: string; removed: boolean }>;
  next: SyncState;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url');
const pad = (value: number, size = 2) => String(value).padStart(size, '0');
const SHOW_AS: ShowAs[] = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];
/** Graph's writable event properties (OData refuses any other with 400). */
const WRITABLE = new Set([
  'subject',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'showAs',
  'isAllDay',
  'isCancelled',
  'categories',
  'singleValueExtendedProperties',
  'transactionId',
  'importance',
  'sensitivity',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'attendees',
  'responseRequested',
  'allowNewTimeProposals',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'hideAttendees',
  'originalStartTimeZone',
  'originalEndTimeZone',
  '@odata.type',
]);

/** The IANA zone behind a Graph time zone name, or null when Graph would not know it. */
function ianaZone(name: string): string | null {
  const zone = WINDOWS_ZONES[name] ?? name;
  return Number.isNaN(tzOffset(zone, new Date(0))) ? null : zone;
}

/** A Graph local date-time (`2026-01-20T10:00:00.0000000`, no offset) read in an IANA zone. */
function localToInstant(text: string, zone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const instant = new TZDate(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Math.floor(Number(fraction ?? 0) * 1000), zone).getTime();
  return Number.isNaN(instant) ? null : instant;
}

/** An instant as Graph writes it in a zone: local, 7 fractional digits, no offset. */
function graphDateTime(instant: number, zone: string): string {
  const local = new TZDate(instant, zone);
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.${pad(local.getMilliseconds(), 3)}0000`;
}

/** Graph's error shape. */
function graphError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } } };
}
const notFound = () => graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/**
 * AAD's token endpoint error shape. Microsoft warns that apps must act on `error`, never on the
 * AADSTS numbers or text, which change; the numbers here are indicative.
 */
function aadError(status: number, error: string, code: number, text: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** The sign-in page's own error (no redirect: the redirect_uri or client cannot be trusted). */
const errorPage = (code: number, text: string): Reply => ({
  status: 400,
  html: `<!doctype html><title>Sign in to your account</title><p>AADSTS${code}: ${text.replace(/[<>&]/g, '')}</p>`,
});

/** `Prefer` preferences (several headers or comma-separated), keys lower-cased, quotes removed. */
function preferences(header: string | string[] | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of [header ?? []].flat().join(',').split(',')) {
    const [key, ...rest] = part.split('=');
    if (key?.trim()) found.set(key.trim().toLowerCase(), rest.join('=').trim().replace(/^"(.*)"$/, '$1'));
  }
  return found;
}

/** Graph's short scope name: `https://graph.microsoft.com/Calendars.ReadWrite` → `calendars.readwrite`. */
/** http://127.0.0.1, http://localhost or http://[::1]: the local receivers tests run. */
const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** An instant as Graph writes subscription times: `2026-01-20T10:00:00.0000000Z`. */
const graphInstant = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');

/** URL-encoding as .NET's HttpUtility.UrlEncode does it (`+` for spaces, lower-case escapes). */
const dotnetUrlEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+').replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

interface Delivery {
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
}

/** One POST to an endpoint (no keep-alive), answered within `timeoutMs` or given up. Never rejects. */
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

const scopeKey = (scope: string) => (scope.toLowerCase().startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope).toLowerCase();

export interface FakeMicrosoftOptions {
  /**
   * Show a sign-in and consent page at the authorization endpoint (the local sandbox of `npm
   * start`) instead of answering at once for the account set with setConsent (tests).
   */
  consentPage?: boolean;
}

export async function startFakeMicrosoft(options: FakeMicrosoftOptions = {}): Promise<FakeMicrosoft> {
  const clientId = randomUUID();
  const clientSecret = `${randomToken(3)}8Q~${randomToken(27)}`;
  const accounts = new Map<string, Account>();
  const codes = new Map<string, AuthCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const deltaTokens = new Map<string, SyncState>();
  const skipTokens = new Map<string, { round: Round; offset: number }>();
  const requests: FakeRequest[] = [];
  const faults: Record<MicrosoftFaultTarget, MicrosoftFault[]> = { graph: [], token: [] };
  const delays: Record<MicrosoftFaultTarget, number[]> = { graph: [], token: [] };
  const inflight = new Set<Promise<void>>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  const subscriptions = new Map<string, Subscription>();
  const notifications: MicrosoftNotification[] = [];
  const validations: MicrosoftValidation[] = [];
  const deliveries = new Set<Promise<void>>();
  const shutdown = new AbortController();
  let consent: string | null = null;
  // Timestamps never repeat nor go back, so lastModifiedDateTime orders every change.
  let clock = 0;
  const now = () => new Date((clock = Math.max(Date.now(), clock + 1))).toISOString().replace('Z', '0000Z');
  let origin = '';

  const account = (email: string, options: { displayName?: string; mail?: string | null } = {}): Account => {
    const key = email.toLowerCase();
    let found = accounts.get(key);
    if (!found) {
      const local = key.split('@')[0] ?? key;
      found = {
        email: key,
        id: randomUUID(),
        displayName: options.displayName ?? local.split(/[._-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
        mail: options.mail === undefined ? key : options.mail,
        calendarId: `AQMkA${randomToken(60)}AAAA==`,
        events: new Map(),
        generation: 0,
      };
      accounts.set(key, found);
    }
    return found;
  };
  const consentingAccount = () => consent ?? accounts.keys().next().value ?? DEFAULT_ACCOUNT;

  // ---------------------------------------------------------------- events

  /** Graph ids are long base64 strings ending in `=`: clients must URL-encode them. */
  const newEventId = () => `AAMkA${randomToken(90)}AAA=`;

  const readTime = (value: unknown, side: 'start' | 'end'): { ms: number; zone: string } | Reply => {
    if (!isObject(value) || typeof value.dateTime !== 'string' || typeof value.timeZone !== 'string') {
      return graphError(400, 'ErrorInvalidRequest', `The ${side} of the event needs dateTime and timeZone.`);
    }
    const zone = ianaZone(value.timeZone);
    if (!zone) return graphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value.timeZone}'.`);
    // dateTime is a local date-time read in timeZone; an offset in it is not Graph's format.
    const ms = localToInstant(value.dateTime, zone);
    if (ms === null) return graphError(400, 'UnableToDeserializePostBody', `Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTime'.`);
    return { ms, zone: value.timeZone };
  };

  /** Applies a create or PATCH body to an event (a fresh one for a create); null when valid. */
  const apply = (target: StoredEvent, input: Record<string, unknown>, creating: boolean): Reply | null => {
    const unknown = Object.keys(input).find((key) => !WRITABLE.has(key));
    if (unknown) return graphError(400, 'RequestBodyRead', `The property '${unknown}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    if (creating && (input.start === undefined || input.end === undefined)) return graphError(400, 'ErrorInvalidRequest', 'An event needs a start and an end.');
    const start = input.start === undefined ? undefined : readTime(input.start, 'start');
    if (start && 'status' in start) return start;
    const end = input.end === undefined ? undefined : readTime(input.end, 'end');
    if (end && 'status' in end) return end;
    const startMs = start?.ms ?? target.startMs;
    const endMs = end?.ms ?? target.endMs;
    if (endMs < startMs) return graphError(400, 'ErrorCalendarEndDateIsEarlierThanStartDate', 'The end date occurs before the start date.');
    const isAllDay = input.isAllDay === undefined ? target.isAllDay : input.isAllDay;
    if (typeof isAllDay !== 'boolean') return graphError(400, 'UnableToDeserializePostBody', 'isAllDay must be a boolean.');
    if (isAllDay) {
      const midnight = (ms: number, zone: string) => graphDateTime(ms, ianaZone(zone) ?? 'UTC').endsWith('T00:00:00.0000000');
      if (!midnight(startMs, start?.zone ?? target.startZone) || !midnight(endMs, end?.zone ?? target.endZone) || endMs === startMs) {
        return graphError(400, 'ErrorInvalidRequest', 'An all-day event must start and end at midnight, at least a day apart.');
      }
    }
    if (input.showAs !== undefined && !SHOW_AS.includes(input.showAs as ShowAs)) return graphError(400, 'UnableToDeserializePostBody', `The value '${String(input.showAs)}' is not valid for showAs.`);
    if (input.subject !== undefined && typeof input.subject !== 'string') return graphError(400, 'UnableToDeserializePostBody', 'subject must be a string.');
    if (input.isCancelled !== undefined && typeof input.isCancelled !== 'boolean') return graphError(400, 'UnableToDeserializePostBody', 'isCancelled must be a boolean.');
    const body = input.body;
    if (body !== undefined && (!isObject(body) || !['text', 'html'].includes(String(body.contentType)) || typeof body.content !== 'string')) {
      return graphError(400, 'UnableToDeserializePostBody', 'body needs contentType (text or html) and content.');
    }
    const properties = input.singleValueExtendedProperties;
    if (properties !== undefined) {
      const valid = Array.isArray(properties) && properties.every((p) => isObject(p) && typeof p.id === 'string' && /^\w+ (\{[0-9a-f-]{36}\} (Name|Id) .+|0x[0-9a-f]+)$/i.test(p.id) && typeof p.value === 'string');
      if (!valid) return graphError(400, 'ErrorInvalidProperty', 'Each extended property needs an id such as "String {guid} Name x" and a string value.');
    }
    const transactionId = input.transactionId;
    if (transactionId !== undefined && transactionId !== null && typeof transactionId !== 'string') return graphError(400, 'UnableToDeserializePostBody', 'transactionId must be a string.');
    // "After you set transactionId when creating an event, you can't change transactionId in a subsequent update."
    if (!creating && transactionId !== undefined && transactionId !== target.transactionId) return graphError(400, 'ErrorInvalidRequest', 'transactionId cannot be changed after the event is created.');

    target.startMs = startMs;
    target.endMs = endMs;
    if (start) target.startZone = start.zone;
    if (end) target.endZone = end.zone;
    target.isAllDay = isAllDay;
    if (typeof input.subject === 'string') target.subject = input.subject;
    if (isObject(body)) target.body = { contentType: body.contentType as 'text' | 'html', content: String(body.content) };
    if (input.showAs !== undefined) target.showAs = input.showAs as ShowAs;
    if (typeof input.isCancelled === 'boolean') target.isCancelled = input.isCancelled;
    if (isObject(input.location)) target.location = { ...input.location, displayName: typeof input.location.displayName === 'string' ? input.location.displayName : '' };
    if (Array.isArray(input.categories)) target.categories = input.categories.map(String);
    if (creating && typeof transactionId === 'string') target.transactionId = transactionId;
    // Extended properties sent in a PATCH are created or updated; the others stay.
    if (Array.isArray(properties)) for (const p of properties as SingleValueExtendedProperty[]) target.properties.set(p.id.toLowerCase(), { id: p.id, value: p.value });
    for (const [key, value] of Object.entries(input)) {
      if (!['subject', 'body', 'start', 'end', 'location', 'showAs', 'isAllDay', 'isCancelled', 'categories', 'singleValueExtendedProperties', 'transactionId', '@odata.type'].includes(key)) target.other[key] = value;
    }
    target.modified = now();
    target.changeKey = randomToken(12);
    return null;
  };

  /**
   * An event as Graph answers it. `zone`: the zone of start/end (`Prefer: outlook.timezone`, UTC
   * for a GET without it), or null for the event's own zones (a create or update answer).
   * Extended properties only appear when asked for with `$expand=…($filter=id eq '…')`.
   */
  const render = (owner: Account, stored: StoredEvent, zone: string | null, expand: string[] | 'all' = []): GraphEvent => {
    // All-day events stay on their own dates whatever zone is preferred.
    const time = (ms: number, own: string): GraphDateTimeTimeZone => {
      const name = zone === null || stored.isAllDay ? own : zone;
      return { dateTime: graphDateTime(ms, ianaZone(name) ?? 'UTC'), timeZone: name };
    };
    const properties = expand === 'all' ? [...stored.properties.values()] : expand.flatMap((id) => stored.properties.get(id.toLowerCase()) ?? []);
    const event: GraphEvent = {
      '@odata.etag': `W/"${stored.changeKey}"`,
      id: stored.id,
      createdDateTime: stored.created,
      lastModifiedDateTime: stored.modified,
      changeKey: stored.changeKey,
      categories: [...stored.categories],
      transactionId: stored.transactionId,
      originalStartTimeZone: stored.startZone,
      originalEndTimeZone: stored.endZone,
      iCalUId: stored.iCalUId,
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      hasAttachments: false,
      subject: stored.subject,
      bodyPreview: stored.body.content.replace(/<[^>]*>/g, '').slice(0, 255),
      importance: 'normal',
      sensitivity: 'normal',
      isAllDay: stored.isAllDay,
      isCancelled: stored.isCancelled,
      isOrganizer: true,
      responseRequested: true,
      seriesMasterId: null,
      showAs: stored.showAs,
      type: 'singleInstance',
      webLink: `https://outlook.live.com/owa/?itemid=${encodeURIComponent(stored.id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: false,
      onlineMeetingProvider: 'unknown',
      isDraft: false,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      body: { ...stored.body },
      start: time(stored.startMs, stored.startZone),
      end: time(stored.endMs, stored.endZone),
      location: { locationType: 'default', uniqueIdType: 'unknown', ...stored.location },
      locations: stored.location.displayName ? [{ displayName: stored.location.displayName, locationType: 'default', uniqueIdType: 'unknown' }] : [],
      recurrence: null,
      attendees: [],
      organizer: { emailAddress: { name: owner.displayName, address: owner.email } },
      ...structuredClone(stored.other),
      ...(properties.length ? { singleValueExtendedProperties: properties.map((p) => ({ ...p })) } : {}),
    };
    return event;
  };

  const createEvent = (owner: Account, input: Record<string, unknown>): { reply: Reply; stored?: StoredEvent } => {
    // transactionId: "a custom identifier specified by a client app for the server to avoid
    // redundant POST operations in case of client retries to create the same event". The fake's
    // reading: a create whose transactionId an existing event of the mailbox carries answers that
    // event (201, nothing created). A deleted event no longer holds its transactionId.
    if (typeof input.transactionId === 'string') {
      const existing = [...owner.events.values()].find((e) => e.transactionId === input.transactionId);
      if (existing) return { reply: { status: 201, body: render(owner, existing, null) }, stored: existing };
    }
    const stamp = now();
    const stored: StoredEvent = {
      id: newEventId(),
      iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(40).toString('hex').toUpperCase()}`,
      created: stamp,
      modified: stamp,
      changeKey: '',
      transactionId: null,
      subject: '',
      body: { contentType: 'html', content: '' },
      startMs: 0,
      endMs: 0,
      startZone: 'UTC',
      endZone: 'UTC',
      isAllDay: false,
      isCancelled: false,
      showAs: 'busy',
      location: { displayName: '' },
      categories: [],
      properties: new Map(),
      other: {},
    };
    const refused = apply(stored, input, true);
    if (refused) return { reply: refused };
    owner.events.set(stored.id, stored);
    changed(owner, 'created', stored);
    return { reply: { status: 201, body: render(owner, stored, null) }, stored };
  };

  const updateEvent = (owner: Account, id: string, patch: Record<string, unknown>): Reply => {
    const stored = owner.events.get(id);
    if (!stored) return notFound();
    // Validate on a copy: a refused PATCH changes nothing.
    const draft: StoredEvent = { ...stored, properties: new Map(stored.properties), other: { ...stored.other } };
    const refused = apply(draft, patch, false);
    if (refused) return refused;
    owner.events.set(id, draft);
    changed(owner, 'updated', draft);
    return { status: 200, body: render(owner, draft, null) };
  };

  const deleteEvent = (owner: Account, id: string): Reply => {
    const stored = owner.events.get(id);
    if (!stored) return notFound();
    owner.events.delete(id);
    changed(owner, 'deleted', stored);
    return { status: 204 };
  };

  // ---------------------------------------------------------------- calendarView delta

  /** The instant of a calendarView bound: ISO 8601, with an offset or (read as UTC) without. */
  const bound = (raw: string | null): number | null => {
    if (!raw) return null;
    const text = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  };

  const syncStateNotFound = () => graphError(410, 'SyncStateNotFound', 'The sync state generation is not found. Please resync without a sync state.');

  const delta = (owner: Account, basePath: string, query: URLSearchParams, prefer: Map<string, string>, zone: string): Reply => {
    // Graph documents that the delta function on calendarView takes no $select, $expand, $filter,
    // $orderby, $search nor $top (the state tokens carry the query).
    const refused = [...query.keys()].filter((key) => ['$select', '$expand', '$filter', '$orderby', '$search', '$top'].includes(key.toLowerCase()));
    if (refused.length) return graphError(400, 'ErrorInvalidUrlQuery', `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${refused.join(', ')}'.`);
    const param = (name: string) => [...query.entries()].find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? null;
    let round: Round;
    let offset = 0;
    const skip = param('$skiptoken');
    const deltaToken = param('$deltatoken');
    if (skip !== null) {
      const found = skipTokens.get(skip);
      if (!found || found.round.email !== owner.email || found.round.generation < owner.generation) return syncStateNotFound();
      ({ round, offset } = found);
    } else {
      let previous: SyncState;
      if (deltaToken !== null) {
        const found = deltaTokens.get(deltaToken);
        if (!found || found.email !== owner.email || found.generation < owner.generation) return syncStateNotFound();
        previous = found;
      } else {
        const startMs = bound(param('startDateTime'));
        const endMs = bound(param('endDateTime'));
        if (startMs === null || endMs === null) {
          return graphError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
        }
        previous = { email: owner.email, generation: owner.generation, startMs, endMs, seen: new Map() };
      }
      // The round's answer: events of the window new or changed since the state, and the ones the
      // client was told of that left the window (deleted, or moved out) as @removed.
      const current = [...owner.events.values()]
        .filter((e) => e.startMs < previous.endMs && e.endMs > previous.startMs)
        .sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
      const entries = current.filter((e) => previous.seen.get(e.id) !== e.changeKey).map((e) => ({ id: e.id, removed: false }));
      const present = new Set(current.map((e) => e.id));
      for (const id of previous.seen.keys()) if (!present.has(id)) entries.push({ id, removed: true });
      round = {
        email: owner.email,
        generation: owner.generation,
        entries,
        next: { ...previous, generation: owner.generation, seen: new Map(current.map((e) => [e.id, e.changeKey])) },
      };
    }
    const requested = Number(prefer.get('odata.maxpagesize'));
    const pageSize = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 1000) : DEFAULT_PAGE_SIZE;
    const page = round.entries.slice(offset, offset + pageSize);
    const value = page.map(({ id, removed }) => {
      const stored = owner.events.get(id);
      return removed || !stored ? { '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } } : { '@odata.type': '#microsoft.graph.event', ...render(owner, stored, zone) };
    });
    const link = (name: string, token: string) => `${origin}${basePath}?${name}=${encodeURIComponent(token)}`;
    let cursor: Record<string, string>;
    if (offset + pageSize < round.entries.length) {
      const token = randomToken(48);
      skipTokens.set(token, { round, offset: offset + pageSize });
      cursor = { '@odata.nextLink': link('$skiptoken', token) };
    } else {
      const token = randomToken(48);
      deltaTokens.set(token, round.next);
      cursor = { '@odata.deltaLink': link('$deltatoken', token) };
    }
    return {
      status: 200,
      headers: { 'preference-applied': `odata.maxpagesize=${pageSize}${prefer.has('outlook.timezone') ? `, outlook.timezone="${zone}"` : ''}` },
      body: { '@odata.context': `${origin}/v1.0/$metadata#Collection(event)`, ...cursor, value },
    };
  };

  // ---------------------------------------------------------------- identity platform

  const authorize = (query: URLSearchParams, path: string): Reply => {
    const redirectUri = query.get('redirect_uri');
    if (query.get('client_id') !== clientId) return errorPage(700016, `Application with identifier '${query.get('client_id') ?? ''}' was not found in the directory.`);
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return errorPage(900144, "The request body must contain the following parameter: 'redirect_uri'.");
    const target = new URL(redirectUri);
    const state = query.get('state');
    // With a trusted redirect_uri, errors go back to the app (RFC 6749 §4.1.2.1).
    const fail = (error: string, description: string): Reply => {
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.toString() } };
    };
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'AADSTS700054: response_type must be code for this app.');
    const mode = query.get('response_mode');
    if (mode !== null && mode !== 'query') return fail('invalid_request', 'AADSTS900144: the fake answers with response_mode=query only.');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    const keys = new Set(scopes.map(scopeKey));
    if (!keys.has('calendars.readwrite') || !keys.has('offline_access')) return fail('invalid_scope', 'AADSTS70011: the fake requires the scopes Calendars.ReadWrite and offline_access.');
    const challenge = query.get('code_challenge');
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || query.get('code_challenge_method') !== 'S256') {
      return fail('invalid_request', 'AADSTS501491: the fake requires PKCE: code_challenge with code_challenge_method=S256.');
    }
    let who = consentingAccount();
    if (options.consentPage) {
      // As a sandbox, a person signs in and consents on a page, as on Microsoft's own.
      const decision = consentDecision(query);
      if (decision === undefined) {
        return { status: 200, html: consentPage({ provider: 'Microsoft Outlook', action: path, query, suggestedAccount: DEFAULT_ACCOUNT, invalidAccount: query.has(SANDBOX_DECISION) }) };
      }
      who = decision;
    }
    if (who === 'deny') return fail('access_denied', 'AADSTS65004: User declined to consent to access the app.');
    const owner = account(who);
    const code = `M.C5${randomInt(10, 99)}_BAY.2.U.${randomUUID()}`;
    codes.set(code, { redirectUri, challenge, email: owner.email, scopes, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false });
    target.searchParams.set('code', code);
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() } };
  };

  const idToken = (owner: Account, scopes: string[]) => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const tenant = CONSUMER_TENANT;
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'fake-microsoft' }));
    const payload = base64url(
      JSON.stringify({
        ver: '2.0',
        iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
        sub: createHash('sha256').update(`${owner.id}:${clientId}`).digest('base64url').slice(0, 43),
        aud: clientId,
        exp: issuedAt + 3600,
        iat: issuedAt,
        nbf: issuedAt,
        name: owner.displayName,
        preferred_username: owner.email,
        oid: owner.id,
        tid: tenant,
        ...(scopes.map(scopeKey).includes('email') && owner.mail ? { email: owner.mail } : {}),
      }),
    );
    return `${header}.${payload}.${base64url('fake-signature')}`;
  };

  const tokens = (grant: Grant) => {
    const access = `EwB${randomToken(90)}`;
    accessTokens.set(access, { grant, expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000, expired: false });
    const keys = grant.scopes.map(scopeKey);
    let refresh: string | undefined;
    if (keys.includes('offline_access')) {
      refresh = `M.C5${randomInt(10, 99)}_BL2.0.U.-${randomToken(120)}`;
      refreshTokens.set(refresh, grant);
    }
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: grant.scopes.filter((s) => scopeKey(s) !== 'offline_access').join(' '),
        expires_in: ACCESS_TOKEN_SECONDS,
        ext_expires_in: ACCESS_TOKEN_SECONDS,
        access_token: access,
        // "Only provided if offline_access scope was requested."
        ...(refresh ? { refresh_token: refresh } : {}),
        ...(keys.includes('openid') ? { id_token: idToken(account(grant.email), grant.scopes) } : {}),
      },
    } satisfies Reply;
  };

  const token = (form: URLSearchParams, authorization: string | undefined): Reply => {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(authorization ?? '');
    if (basic) {
      const [user, password] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(/:(.*)/s);
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(password ?? '');
    }
    if (id !== clientId) return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${id ?? ''}' was not found in the directory.`);
    if (!secret) return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (secret !== clientSecret) return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    const grantType = form.get('grant_type');
    const requestedScopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const withinGrant = (granted: string[]) => {
      const keys = new Set(granted.map(scopeKey));
      return requestedScopes.every((s) => keys.has(scopeKey(s)));
    };
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (code.used) return aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      if (code.expiresAt < Date.now()) return aadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
      if (form.get('redirect_uri') !== code.redirectUri) return aadError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting the authorization code.');
      const verifier = form.get('code_verifier');
      if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
        return aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      if (!withinGrant(code.scopes)) return aadError(400, 'invalid_scope', 70011, "The provided value for the input parameter 'scope' is not valid.");
      code.used = true;
      return tokens({ email: code.email, scopes: code.scopes, revoked: false });
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (grant.revoked) return aadError(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.');
      if (!withinGrant(grant.scopes)) return aadError(400, 'invalid_grant', 65001, 'The user or administrator has not consented to use the application.');
      // A new access token AND a new refresh token every time; the old refresh token stays valid.
      return tokens(grant);
    }
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
  };

  // ---------------------------------------------------------------- change notifications

  const liveSubscription = (subscription: Subscription) => !subscription.deleted && subscription.expiresAt > Date.now();

  const renderSubscription = (subscription: Subscription): GraphSubscription => ({
    id: subscription.id,
    resource: subscription.resource,
    applicationId: clientId,
    changeType: subscription.changeType,
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: graphInstant(subscription.expiresAt),
    creatorId: subscription.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  });

  /**
   * A change to the mailbox's events (a Graph write or an edit in Outlook): one
   * changeNotificationCollection per live subscription that asked for this change type, queued
   * after the subscription's earlier notifications and never awaited by the call that caused it.
   */
  const changed = (owner: Account, changeType: ChangeType, stored: StoredEvent) => {
    for (const subscription of subscriptions.values()) {
      if (subscription.email !== owner.email || !liveSubscription(subscription) || !subscription.changeTypes.has(changeType)) continue;
      const resource = `Users/${owner.id}/Events/${stored.id}`;
      const body = {
        value: [
          {
            subscriptionId: subscription.id,
            subscriptionExpirationDateTime: graphInstant(subscription.expiresAt),
            changeType,
            resource,
            resourceData: { '@odata.type': '#Microsoft.Graph.Event' as const, '@odata.id': resource, '@odata.etag': `W/"${stored.changeKey}"`, id: stored.id },
            clientState: subscription.clientState,
            tenantId: CONSUMER_TENANT,
          },
        ],
      };
      const entry: MicrosoftNotification = { subscriptionId: subscription.id, changeType, eventId: stored.id, notificationUrl: subscription.notificationUrl, body };
      notifications.push(entry);
      const text = JSON.stringify(body);
      // Graph retries a notification not answered 2xx within 3 s for up to 4 hours; the fake
      // only records the answer.
      const sent = subscription.chain.then(async () => {
        const answer = await deliver(new URL(subscription.notificationUrl), { 'Content-Type': 'application/json; charset=utf-8' }, text, NOTIFICATION_TIMEOUT_MS, shutdown.signal);
        if (answer.status !== undefined) entry.status = answer.status;
        if (answer.error !== undefined) entry.error = answer.error;
      });
      subscription.chain = sent;
      deliveries.add(sent);
      void sent.finally(() => deliveries.delete(sent));
    }
  };

  /**
   * The validation handshake: `POST {url}?validationToken={token}` with `Content-Type: text/plain;
   * charset=utf-8`; the endpoint must answer within 10 seconds 200, `text/plain`, and the
   * URL-decoded token as the body. Graph's tokens look like the one below (spaces and colons, so
   * an endpoint that forgets to decode fails).
   */
  const validate = async (url: string): Promise<boolean> => {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const base = url.split('#')[0]!;
    const target = new URL(`${base}${base.includes('?') ? '&' : '?'}validationToken=${dotnetUrlEncode(token)}`);
    const answer = await deliver(target, { 'Content-Type': 'text/plain; charset=utf-8' }, '', VALIDATION_TIMEOUT_MS, shutdown.signal);
    const ok = answer.status === 200 && /^text\/plain\b/i.test(answer.contentType ?? '') && answer.body === token;
    validations.push({ url: target.toString(), validationToken: token, ...answer, ok });
    return ok;
  };

  const validationFailed = () =>
    graphError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');

  /** A notificationUrl / lifecycleNotificationUrl Graph would accept. */
  const endpointUrl = (value: unknown): URL | null => {
    if (typeof value !== 'string') return null;
    try {
      const url = new URL(value);
      // Graph requires HTTPS. The fake also accepts plain http on loopback (127.0.0.1,
      // localhost, [::1]) so tests can run a local endpoint.
      return url.protocol === 'https:' || isLoopbackHttp(url) ? url : null;
    } catch {
      return null;
    }
  };

  /** The expiration a create or renewal asks for, or Graph's 400. */
  const readExpiration = (value: unknown, operation: 'creation' | 'update'): number | Reply => {
    if (value === undefined || value === null) return graphError(400, 'InvalidRequest', `expirationDateTime is a required property for subscription ${operation}.`);
    const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i.test(value) ? Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`) : NaN;
    if (Number.isNaN(ms)) return graphError(400, 'InvalidRequest', `Could not process subscription ${operation} payload. Are all property names spelled and camelCased properly?`);
    const issued = Date.now();
    // Not documented word for word; Graph refuses a subscription that would be born expired.
    if (ms <= issued) return graphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    if (ms > issued + SUBSCRIPTION_MAX_MINUTES * 60_000) return graphError(400, 'ExtensionError', `Subscription expiration can only be ${SUBSCRIPTION_MAX_MINUTES} minutes in the future.`);
    return Math.max(ms, issued + SUBSCRIPTION_MIN_MINUTES * 60_000);
  };

  const subscriptionNotFound = () => graphError(404, 'ResourceNotFound', 'The object was not found.');

  const createSubscription = async (owner: Account, body: Record<string, unknown>): Promise<Reply> => {
    const { changeType, resource, clientState, includeResourceData } = body;
    const types = typeof changeType === 'string' ? changeType.split(',').map((t) => t.trim()) : [];
    if (!types.length || !types.every((t) => (CHANGE_TYPES as readonly string[]).includes(t))) {
      return graphError(400, 'InvalidRequest', `'${String(changeType)}' is not a valid changeType: use created, updated, deleted, comma-separated.`);
    }
    const notificationUrl = endpointUrl(body.notificationUrl);
    if (!notificationUrl) return graphError(400, 'InvalidRequest', 'The notificationUrl must be an absolute URL that uses the https scheme.');
    const lifecycleUrl = body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null ? null : endpointUrl(body.lifecycleNotificationUrl);
    if (lifecycleUrl === null && body.lifecycleNotificationUrl !== undefined && body.lifecycleNotificationUrl !== null) {
      return graphError(400, 'InvalidRequest', 'The lifecycleNotificationUrl must be an absolute URL that uses the https scheme.');
    }
    if (typeof resource !== 'string') return graphError(400, 'InvalidRequest', 'resource is a required property for subscription creation.');
    // The mailbox's events: me/events (with or without a leading slash), me/calendar/events,
    // me/calendars/{id}/events, or the same under users/{id or userPrincipalName}.
    const path = /^\/?(me|users\/([^/]+))\/(events|calendar\/events|calendars\/([^/]+)\/events)$/i.exec(resource);
    if (!path) return graphError(400, 'InvalidRequest', `The fake supports subscriptions to Outlook events only, not '${resource}'.`);
    if (path[2] !== undefined) {
      let user = path[2];
      try {
        user = decodeURIComponent(user).replace(/^\('?(.*?)'?\)$/, '$1');
      } catch {
        // kept as is
      }
      // Delegated permissions: only the signed-in user's mailbox.
      if (user.toLowerCase() !== owner.id && user.toLowerCase() !== owner.email) return graphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]');
    }
    if (path[4] !== undefined && decodeURIComponent(path[4]) !== owner.calendarId) return notFound();
    const expiresAt = readExpiration(body.expirationDateTime, 'creation');
    if (typeof expiresAt !== 'number') return expiresAt;
    if (clientState !== undefined && clientState !== null && (typeof clientState !== 'string' || clientState.length > 128)) return graphError(400, 'InvalidRequest', 'clientState must be a string of at most 128 characters.');
    // Rich notifications need an encryption certificate; the fake sends basic notifications only.
    if (includeResourceData === true) return graphError(400, 'InvalidRequest', 'The fake does not send notifications with resource data (includeResourceData).');
    const tls = body.latestSupportedTlsVersion;
    if (tls !== undefined && tls !== null && !['v1_0', 'v1_1', 'v1_2', 'v1_3'].includes(String(tls))) return graphError(400, 'InvalidRequest', `'${String(tls)}' is not a valid latestSupportedTlsVersion.`);
    // The request is valid: Graph now validates the endpoint(s), and creates nothing if that fails.
    if (!(await validate(notificationUrl.toString()))) return validationFailed();
    if (lifecycleUrl && !(await validate(lifecycleUrl.toString()))) return validationFailed();
    const subscription: Subscription = {
      id: randomUUID(),
      email: owner.email,
      resource,
      changeType: types.join(','),
      changeTypes: new Set(types),
      clientState: typeof clientState === 'string' ? clientState : null,
      notificationUrl: body.notificationUrl as string,
      lifecycleNotificationUrl: lifecycleUrl ? (body.lifecycleNotificationUrl as string) : null,
      expiresAt,
      creatorId: owner.id,
      latestSupportedTlsVersion: typeof tls === 'string' ? tls : 'v1_2',
      deleted: false,
      chain: Promise.resolve(),
    };
    subscriptions.set(subscription.id, subscription);
    return { status: 201, body: { '@odata.context': `${origin}/v1.0/$metadata#subscriptions/$entity`, ...renderSubscription(subscription) } };
  };

  const renewSubscription = async (subscription: Subscription, body: Record<string, unknown>): Promise<Reply> => {
    const expiresAt = readExpiration(body.expirationDateTime, 'update');
    if (typeof expiresAt !== 'number') return expiresAt;
    // v1.0 also lets an update move the notificationUrl, which is validated again.
    let notificationUrl = subscription.notificationUrl;
    if (body.notificationUrl !== undefined && body.notificationUrl !== subscription.notificationUrl) {
      const url = endpointUrl(body.notificationUrl);
      if (!url) return graphError(400, 'InvalidRequest', 'The notificationUrl must be an absolute URL that uses the https scheme.');
      if (!(await validate(url.toString()))) return validationFailed();
      notificationUrl = body.notificationUrl as string;
    }
    if (!liveSubscription(subscription)) return subscriptionNotFound();
    subscription.expiresAt = expiresAt;
    subscription.notificationUrl = notificationUrl;
    return { status: 200, body: { '@odata.context': `${origin}/v1.0/$metadata#subscriptions/$entity`, ...renderSubscription(subscription) } };
  };

  const subscriptionsApi = async (method: string, path: string, rawBody: string, headers: http.IncomingHttpHeaders): Promise<Reply> => {
    const auth = authenticate(headers.authorization);
    if ('status' in auth) return auth;
    const owner = account(auth.grant.email);
    const scopes = new Set(auth.grant.scopes.map(scopeKey));
    // Subscribing to events needs a read scope to them (Calendars.Read or more).
    if (!scopes.has('calendars.read') && !scopes.has('calendars.readwrite')) return graphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]');
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH') {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (!isObject(parsed)) throw new Error('not an object');
        body = parsed;
      } catch {
        return graphError(400, 'InvalidRequest', `Could not process subscription ${method === 'PATCH' ? 'update' : 'creation'} payload. Are all property names spelled and camelCased properly?`);
      }
    }
    // Expired subscriptions are gone ("Microsoft Graph deletes the subscription").
    for (const [id, subscription] of subscriptions) if (!liveSubscription(subscription)) subscriptions.delete(id);
    const one = /^\/subscriptions\/([^/]+)$/i.exec(path);
    if (!one) {
      if (method === 'POST') return createSubscription(owner, body);
      if (method === 'GET') {
        const value = [...subscriptions.values()].filter((s) => s.email === owner.email).map(renderSubscription);
        return { status: 200, body: { '@odata.context': `${origin}/v1.0/$metadata#subscriptions`, value } };
      }
      return graphError(405, 'ErrorInvalidRequest', `The OData request is not supported: ${method}.`);
    }
    let id: string;
    try {
      id = decodeURIComponent(one[1]!);
    } catch {
      return subscriptionNotFound();
    }
    const subscription = subscriptions.get(id);
    // A subscription is only seen by the app and user that made it.
    if (!subscription || subscription.email !== owner.email) return subscriptionNotFound();
    if (method === 'GET') return { status: 200, body: { '@odata.context': `${origin}/v1.0/$metadata#subscriptions/$entity`, ...renderSubscription(subscription) } };
    if (method === 'PATCH') return renewSubscription(subscription, body);
    if (method === 'DELETE') {
      subscription.deleted = true;
      subscriptions.delete(id);
      return { status: 204 };
    }
    return graphError(405, 'ErrorInvalidRequest', `The OData request is not supported: ${method}.`);
  };

  // ---------------------------------------------------------------- Graph routing

  const authenticate = (header: string | undefined): AccessToken | Reply => {
    const value = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    const unauthorized = (message: string) => ({ ...graphError(401, 'InvalidAuthenticationToken', message), headers: { 'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' } });
    if (!value) return unauthorized('Access token is empty.');
    const found = accessTokens.get(value);
    if (!found || found.grant.revoked) return unauthorized('Access token validation failure. Invalid audience.');
    if (found.expired || found.expiresAt < Date.now()) return unauthorized('Lifetime validation failed, the token is expired.');
    return found;
  };

  const parseQueryList = (value: string | null) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

  /** The ids asked for with `$expand=singleValueExtendedProperties($filter=id eq '…' or id eq '…')`. */
  const expandedIds = (query: URLSearchParams): string[] => {
    const expand = query.get('$expand') ?? '';
    const filter = /singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.*)\)\s*$/i.exec(expand)?.[1] ?? '';
    return [...filter.matchAll(/id\s+eq\s+'((?:[^']|'')*)'/gi)].map((m) => m[1]!.replace(/''/g, "'"));
  };

  const selected = (event: GraphEvent, query: URLSearchParams): Record<string, unknown> => {
    const fields = parseQueryList(query.get('$select')).map((f) => f.toLowerCase());
    if (!fields.length) return event;
    return Object.fromEntries(Object.entries(event).filter(([key]) => key === 'id' || key === '@odata.etag' || key === 'singleValueExtendedProperties' || fields.includes(key.toLowerCase())));
  };

  const graph = (method: string, path: string, query: URLSearchParams, rawBody: string, headers: http.IncomingHttpHeaders): Reply => {
    const auth = authenticate(headers.authorization);
    if ('status' in auth) return auth;
    const owner = account(auth.grant.email);
    const scopes = new Set(auth.grant.scopes.map(scopeKey));
    const prefer = preferences(headers.prefer);
    const preferredZone = prefer.get('outlook.timezone');
    if (preferredZone !== undefined && !ianaZone(preferredZone)) {
      return graphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${preferredZone}'.`);
    }
    // Graph's URL segments are case-insensitive; ids are not.
    let match: RegExpExecArray | null;
    const denied = () => graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (/^\/me\/?$/i.test(path) && method === 'GET') {
      if (!scopes.has('user.read')) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      return {
        status: 200,
        body: {
          '@odata.context': `${origin}/v1.0/$metadata#users/$entity`,
          businessPhones: [],
          displayName: owner.displayName,
          givenName: owner.displayName.split(' ')[0] ?? null,
          surname: owner.displayName.split(' ').slice(1).join(' ') || null,
          jobTitle: null,
          mail: owner.mail,
          mobilePhone: null,
          officeLocation: null,
          preferredLanguage: null,
          userPrincipalName: owner.email,
          id: owner.id,
        },
      };
    }
    if (!scopes.has('calendars.readwrite') && !(method === 'GET' && scopes.has('calendars.read'))) return denied();
    // The calendar segment: /me/calendar (the default calendar) or /me/calendars/{id}.
    const calendarPart = /^\/me(?:\/calendar|\/calendars\/([^/]+))?(\/.*)?$/i.exec(path);
    if (!calendarPart) return graphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
    const calendarId = calendarPart[1] === undefined ? undefined : decodeURIComponent(calendarPart[1]);
    if (calendarId !== undefined && calendarId !== owner.calendarId) return notFound();
    const rest = calendarPart[2] ?? '';
    const isCalendarSegment = /^\/me\/calendars?(\/|$)/i.test(path);
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH') {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (!isObject(parsed)) throw new Error('not an object');
        body = parsed;
      } catch {
        return graphError(400, 'UnableToDeserializePostBody', 'were unable to deserialize ');
      }
    }
    const zone = preferredZone ?? 'UTC';
    const answerZone = preferredZone ?? null;

    if (isCalendarSegment && rest === '' && method === 'GET') {
      return {
        status: 200,
        body: {
          '@odata.context': `${origin}/v1.0/$metadata#users('${owner.id}')/calendars/$entity`,
          id: owner.calendarId,
          name: 'Calendar',
          color: 'auto',
          hexColor: '',
          isDefaultCalendar: true,
          changeKey: randomToken(12),
          canShare: true,
          canViewPrivateItems: true,
          canEdit: true,
          allowedOnlineMeetingProviders: [],
          defaultOnlineMeetingProvider: 'none',
          isTallyingResponses: false,
          isRemovable: false,
          owner: { name: owner.displayName, address: owner.email },
        },
      };
    }
    if (/^\/calendarView\/delta$/i.test(rest) && method === 'GET') return delta(owner, `/v1.0${path}`, query, prefer, zone);
    if (/^\/events$/i.test(rest) && method === 'POST') {
      const { reply } = createEvent(owner, body);
      if (reply.status !== 201 || answerZone === null) return reply;
      // A Prefer: outlook.timezone applies to the answer too.
      const stored = owner.events.get((reply.body as GraphEvent).id);
      return stored ? { status: 201, body: render(owner, stored, answerZone) } : reply;
    }
    if ((match = /^\/events\/([^/]+)$/i.exec(rest))) {
      let id: string;
      try {
        id = decodeURIComponent(match[1]!);
      } catch {
        return notFound();
      }
      if (method === 'GET') {
        const stored = owner.events.get(id);
        if (!stored) return notFound();
        return { status: 200, body: { '@odata.context': `${origin}/v1.0/$metadata#users('${owner.id}')/events/$entity`, ...selected(render(owner, stored, zone, expandedIds(query)), query) } };
      }
      if (method === 'PATCH') {
        const reply = updateEvent(owner, id, body);
        const stored = owner.events.get(id);
        return reply.status === 200 && stored && answerZone !== null ? { status: 200, body: render(owner, stored, answerZone) } : reply;
      }
      if (method === 'DELETE') return deleteEvent(owner, id);
      return graphError(405, 'ErrorInvalidRequest', `The OData request is not supported: ${method}.`);
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${rest.split('/')[1] ?? path}'.`);
  };

  const faultReply = (fault: MicrosoftFault, target: MicrosoftFaultTarget): Reply => {
    const headers = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
    if (target === 'token') {
      return { ...aadError(fault.status, fault.status === 429 || fault.status >= 500 ? 'temporarily_unavailable' : (fault.code ?? 'invalid_request'), 90033, fault.message ?? 'A transient error has occurred. Please try again.'), headers };
    }
    const defaults: Record<number, [string, string]> = {
      429: ['TooManyRequests', 'Please retry again later.'],
      500: ['generalException', 'General exception while processing.'],
      502: ['BadGateway', 'Bad gateway.'],
      503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
      504: ['GatewayTimeout', 'The gateway did not receive a timely response.'],
    };
    const [code, message] = defaults[fault.status] ?? ['UnknownError', 'An error occurred.'];
    return { ...graphError(fault.status, fault.code ?? code, fault.message ?? message), headers };
  };

  const route = (method: string, url: URL, rawBody: string, headers: http.IncomingHttpHeaders): Reply | Promise<Reply> => {
    const path = url.pathname;
    // Any tenant segment works (common, organizations, consumers, a tenant id).
    if (/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(path) && method === 'GET') return authorize(url.searchParams, path);
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && method === 'POST') {
      if (!String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
      return token(new URLSearchParams(rawBody), headers.authorization);
    }
    if (/^\/v1\.0\/subscriptions(\/|$)/i.test(path)) return subscriptionsApi(method, path.slice('/v1.0'.length), rawBody, headers);
    if (path.startsWith('/v1.0/')) return graph(method, path.slice('/v1.0'.length), url.searchParams, rawBody, headers);
    return graphError(404, 'NotFound', 'Not found.');
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
      const target: MicrosoftFaultTarget | null = url.pathname.startsWith('/v1.0/') ? 'graph' : /\/oauth2\/v2\.0\/token$/.test(url.pathname) ? 'token' : null;
      const fault = target ? faults[target].shift() : undefined;
      let reply: Reply;
      try {
        reply = fault && target ? faultReply(fault, target) : await route(method, url, Buffer.concat(chunks).toString('utf8'), request.headers);
      } catch (error) {
        reply = graphError(500, 'generalException', `Fake Microsoft failed: ${(error as Error).message}`);
      }
      entry.status = reply.status;
      // A slow answer: the request has had its effect; only the answer is late (or lost, when the
      // client gives up first), as with a slow provider.
      const delay = target ? delays[target].shift() : undefined;
      if (delay) await sleep(delay);
      if (response.destroyed) return;
      const headers: Record<string, string> = { 'request-id': randomUUID(), ...reply.headers };
      if (reply.html !== undefined) headers['content-type'] = 'text/html; charset=utf-8';
      else if (reply.body !== undefined) headers['content-type'] = 'application/json; odata.metadata=minimal; charset=utf-8';
      response.writeHead(reply.status, headers);
      response.end(reply.html ?? (reply.body !== undefined ? JSON.stringify(reply.body) : undefined));
    })();
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const orThrow = (reply: Reply): GraphEvent => {
    if (reply.status >= 400) throw new Error(`fake Microsoft refused the edit: ${JSON.stringify(reply.body)}`);
    return reply.body as GraphEvent;
  };
  const full = (owner: Account, id: string) => {
    const stored = owner.events.get(id);
    if (!stored) throw new Error(`no event ${id} in ${owner.email}'s calendar`);
    return render(owner, stored, null, 'all');
  };

  return {
    url: origin,
    clientId,
    clientSecret,
    env: {
      MICROSOFT_AUTHORITY_URL: `${origin}/common`,
      MICROSOFT_GRAPH_URL: `${origin}/v1.0`,
      MICROSOFT_CLIENT_ID: clientId,
      MICROSOFT_CLIENT_SECRET: clientSecret,
    },
    addAccount(email, options) {
      account(email, options);
    },
    setConsent(who) {
      consent = who === 'deny' ? 'deny' : account(who).email;
    },
    events(email) {
      const owner = account(email);
      return [...owner.events.values()].sort((a, b) => a.startMs - b.startMs).map((e) => render(owner, e, null, 'all'));
    },
    addEvent(email, fields) {
      const owner = account(email);
      const { reply, stored } = createEvent(owner, fields);
      orThrow(reply);
      return full(owner, stored!.id);
    },
    updateEvent(email, id, patch) {
      const owner = account(email);
      if (!owner.events.has(id)) throw new Error(`no event ${id} in ${owner.email}'s calendar`);
      orThrow(updateEvent(owner, id, patch));
      return full(owner, id);
    },
    deleteEvent(email, id) {
      const owner = account(email);
      if (!owner.events.has(id)) throw new Error(`no event ${id} in ${owner.email}'s calendar`);
      deleteEvent(owner, id);
    },
    revokeGrants(email) {
      const key = email.toLowerCase();
      for (const grant of [...refreshTokens.values(), ...[...accessTokens.values()].map((t) => t.grant)]) if (grant.email === key) grant.revoked = true;
    },
    expireAccessTokens() {
      for (const access of accessTokens.values()) access.expired = true;
    },
    invalidateDeltaTokens(email) {
      account(email).generation += 1;
    },
    failNext(count, fault) {
      for (let i = 0; i < count; i += 1) faults[fault.on ?? 'graph'].push(fault);
    },
    delayNext(ms, options = {}) {
      for (let i = 0; i < (options.count ?? 1); i += 1) delays[options.on ?? 'graph'].push(ms);
    },
    requests,
    resetRequests() {
      requests.length = 0;
    },
    idle: async () => {
      while (inflight.size) await Promise.all([...inflight]);
    },
    subscriptions(email) {
      const key = email?.toLowerCase();
      return [...subscriptions.values()].filter((s) => liveSubscription(s) && (key === undefined || s.email === key)).map(renderSubscription);
    },
    notifications,
    validations,
    expireSubscriptions() {
      const past = Date.now() - 1;
      for (const subscription of subscriptions.values()) subscription.expiresAt = Math.min(subscription.expiresAt, past);
    },
    flushNotifications: async () => {
      while (deliveries.size) await Promise.all([...deliveries]);
    },
    async stop() {
      // Notifications and validations still in flight are abandoned (recorded with an error).
      shutdown.abort();
      while (deliveries.size) await Promise.all([...deliveries]);
      for (const sleeper of [...sleepers]) sleeper.wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
