import { TZDate } from '@date-fns/tz';
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { config } from '../config.ts';
import { googleConfigured } from './configured.ts';
import { ProviderError, providerCall, unlessAlready } from './http.ts';
import { PULL_LOOKBACK_MS, eventDescription, type CalendarApi, type ChangeSet, type EventContent, type ExternalEvent, type OAuthTokens } from './provider.ts';

/**
 * Google Calendar API v3 and Google's OAuth 2.0 endpoints, over fetch (no googleapis: this product
 * needs a dozen calls). Protocol references: developers.google.com/identity/protocols/oauth2/web-server,
 * developers.google.com/calendar/api/v3/reference/events, .../guides/sync.
 */

/** `openid email` puts the account email in the id_token; calendar.events is the narrowest scope that writes events. */
export const GOOGLE_SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'];

/** The private extended property that marks our events. */
export const GOOGLE_MARK = 'rdvAppointmentId';

/**
 * Our event id in every Google calendar: Google accepts client ids in base32hex (a–v, 0–9), 5–1024
 * characters. A UUID's hex digits are base32hex already, so the id is derived, never stored-only:
 * a retried insert hits 409 instead of creating a second event.
 */
export function googleEventId(appointmentId: string): string {
  return `rdv${appointmentId.toLowerCase().replace(/[^0-9a-v]/g, '')}`;
}

const tokenSchema = z.object({
  access_token: z.string(),
  expires_in: z.coerce.number(),
  refresh_token: z.optional(z.string()),
  id_token: z.optional(z.string()),
});

const idTokenClaims = z.object({ email: z.string() });

const timeSchema = z.object({ dateTime: z.optional(z.string()), date: z.optional(z.string()), timeZone: z.optional(z.string()) });
const eventSchema = z.object({
  id: z.string(),
  status: z.optional(z.string()),
  transparency: z.optional(z.string()),
  start: z.optional(timeSchema),
  end: z.optional(timeSchema),
  extendedProperties: z.optional(z.object({ private: z.optional(z.record(z.string(), z.string())) })),
});
const channelSchema = z.object({ id: z.string(), resourceId: z.string(), expiration: z.coerce.string() });
const listSchema = z.object({
  timeZone: z.optional(z.string()),
  items: z._default(z.array(eventSchema), []),
  nextPageToken: z.optional(z.string()),
  nextSyncToken: z.optional(z.string()),
});

function tokens(json: unknown): OAuthTokens & { idToken?: string } {
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError('unavailable', 'Google token endpoint answered without an access token');
  const { access_token, expires_in, refresh_token, id_token } = parsed.data;
  return { accessToken: access_token, refreshToken: refresh_token, expiresAt: new Date(Date.now() + expires_in * 1000).toISOString(), idToken: id_token };
}

/**
 * The id_token came straight from Google's token endpoint over TLS, which Google documents as
 * enough to trust it without checking its signature; only the email claim is read.
 */
function emailFromIdToken(idToken: string | undefined): string {
  const payload = idToken?.split('.')[1];
  const claims = payload ? idTokenClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))) : undefined;
  if (!claims?.success) throw new ProviderError('rejected', 'Google did not say which account was connected (no email in the id_token)');
  return claims.data.email.toLowerCase();
}

/** An all-day event's date is a day in the calendar's zone. */
function instant(time: z.infer<typeof timeSchema> | undefined, calendarZone: string): string | undefined {
  if (time?.dateTime) return new Date(time.dateTime).toISOString();
  if (!time?.date) return undefined;
  const [year, month, day] = time.date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, time.timeZone ?? calendarZone).getTime()).toISOString();
}

function externalEvent(event: z.infer<typeof eventSchema>, calendarZone: string): ExternalEvent {
  return {
    id: event.id,
    removed: event.status === 'cancelled',
    busy: event.transparency !== 'transparent',
    startTime: instant(event.start, calendarZone),
    endTime: instant(event.end, calendarZone),
    appointmentId: event.extendedProperties?.private?.[GOOGLE_MARK],
  };
}

function eventBody(content: EventContent) {
  return {
    summary: content.title,
    description: eventDescription(content) || undefined,
    location: content.location,
    start: { dateTime: content.startTime, timeZone: content.timezone },
    end: { dateTime: content.endTime, timeZone: content.timezone },
    status: content.tentative ? 'tentative' : 'confirmed',
    extendedProperties: { private: { [GOOGLE_MARK]: content.appointmentId } },
  };
}

const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
const calendarPath = (calendarId: string) => `${config().GOOGLE_CALENDAR_API_URL}/calendars/${encodeURIComponent(calendarId)}/events`;

export const google: CalendarApi = {
  provider: 'google',

  configured: googleConfigured,

  authorizationUrl({ state, codeChallenge, redirectUri }) {
    const url = new URL(config().GOOGLE_AUTH_URL);
    url.search = new URLSearchParams({
      client_id: config().GOOGLE_CLIENT_ID ?? '',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: GOOGLE_SCOPES.join(' '),
      // offline + consent: Google sends a refresh token only on a consent screen.
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  },

  async exchangeCode({ code, codeVerifier, redirectUri }) {
    const { json } = await providerCall({
      what: 'Google token exchange',
      method: 'POST',
      url: config().GOOGLE_TOKEN_URL,
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: redirectUri,
        client_id: config().GOOGLE_CLIENT_ID ?? '',
        client_secret: config().GOOGLE_CLIENT_SECRET ?? '',
      }),
      // A code works once: a second try after a lost answer could only fail.
      repeatable: false,
    });
    const { idToken, ...granted } = tokens(json);
    if (!granted.refreshToken) throw new ProviderError('rejected', 'Google granted no refresh token (offline access refused)');
    const email = emailFromIdToken(idToken);
    // The primary calendar's id is the account's email address.
    return { ...granted, account: { email, calendarId: email } };
  },

  async refresh(refreshToken) {
    const { json } = await providerCall({
      what: 'Google token refresh',
      method: 'POST',
      url: config().GOOGLE_TOKEN_URL,
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: config().GOOGLE_CLIENT_ID ?? '',
        client_secret: config().GOOGLE_CLIENT_SECRET ?? '',
      }),
      repeatable: true,
    });
    const { idToken: _ignored, ...refreshed } = tokens(json);
    return refreshed;
  },

  async revoke(refreshToken) {
    // Refused as already revoked (the user removed access in their Google account): nothing left to do.
    await unlessAlready(['rejected'], () =>
      providerCall({
        what: 'Google token revocation',
        method: 'POST',
        url: config().GOOGLE_REVOKE_URL,
        body: new URLSearchParams({ token: refreshToken }),
        repeatable: true,
      }),
    );
  },

  async upsertEvent(accessToken, calendarId, knownEventId, content) {
    const id = knownEventId ?? googleEventId(content.appointmentId);
    const body = eventBody(content);
    try {
      await providerCall({
        what: 'Google events.insert',
        method: 'POST',
        url: calendarPath(calendarId),
        headers: bearer(accessToken),
        body: { id, ...body },
        repeatable: true,
      });
    } catch (error) {
      // The id exists (an earlier push, a retry, or an event deleted in the calendar): replace it.
      if (!(error instanceof ProviderError && error.failure === 'conflict')) throw error;
      await providerCall({
        what: 'Google events.update',
        method: 'PUT',
        url: `${calendarPath(calendarId)}/${encodeURIComponent(id)}`,
        headers: bearer(accessToken),
        body,
        repeatable: true,
      });
    }
    return id;
  },

  async deleteEvent(accessToken, calendarId, eventId) {
    await unlessAlready(['gone', 'not_found'], () =>
      providerCall({
        what: 'Google events.delete',
        method: 'DELETE',
        url: `${calendarPath(calendarId)}/${encodeURIComponent(eventId)}`,
        headers: bearer(accessToken),
        repeatable: true,
      }),
    );
  },

  async listChanges(accessToken, calendarId, cursor, now) {
    const events: ExternalEvent[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ maxResults: '250', singleEvents: 'true' });
      // Google refuses timeMin with a syncToken; the first (full) run bounds the past instead.
      if (cursor) query.set('syncToken', cursor);
      else query.set('timeMin', new Date(now.getTime() - PULL_LOOKBACK_MS).toISOString());
      if (pageToken) query.set('pageToken', pageToken);
      const { json } = await providerCall({
        what: 'Google events.list',
        method: 'GET',
        url: `${calendarPath(calendarId)}?${query}`,
        headers: bearer(accessToken),
        repeatable: true,
      });
      const page = listSchema.safeParse(json);
      if (!page.success) throw new ProviderError('unavailable', 'Google events.list answered an unreadable page');
      const zone = page.data.timeZone ?? 'UTC';
      events.push(...page.data.items.map((event) => externalEvent(event, zone)));
      if (page.data.nextPageToken) {
        pageToken = page.data.nextPageToken;
        continue;
      }
      if (!page.data.nextSyncToken) throw new ProviderError('unavailable', 'Google events.list ended without a sync token');
      return { events, cursor: page.data.nextSyncToken, full: !cursor } satisfies ChangeSet;
    }
  },

  async watch(accessToken, calendarId, { address, secret }) {
    const { json } = await providerCall({
      what: 'Google events.watch',
      method: 'POST',
      url: `${calendarPath(calendarId)}/watch`,
      headers: bearer(accessToken),
      // Our channel id: a retried watch with the same id is refused (channelIdNotUnique), never doubled.
      body: { id: randomUUID(), type: 'web_hook', address, token: secret },
      repeatable: false,
    });
    const channel = channelSchema.safeParse(json);
    if (!channel.success) throw new ProviderError('unavailable', 'Google events.watch answered without a channel');
    return { channelId: channel.data.id, resourceId: channel.data.resourceId, expiresAt: new Date(Number(channel.data.expiration)).toISOString() };
  },

  // Google channels cannot be extended: a new one replaces the old.
  renewWatch: async () => undefined,

  async stopWatch(accessToken, channel) {
    await unlessAlready(['not_found'], () =>
      providerCall({
        what: 'Google channels.stop',
        method: 'POST',
        url: `${config().GOOGLE_CALENDAR_API_URL}/channels/stop`,
        headers: bearer(accessToken),
        body: { id: channel.channelId, resourceId: channel.resourceId },
        repeatable: true,
      }),
    );
  },
};
