import { TZDate } from '@date-fns/tz';
import * as z from 'zod/mini';
import { config } from '../config.ts';
import { microsoftConfigured } from './configured.ts';
import { ProviderError, providerCall, unlessAlready } from './http.ts';
import { PULL_LOOKBACK_MS, eventDescription, type CalendarApi, type ChangeSet, type EventContent, type ExternalEvent, type OAuthTokens } from './provider.ts';

/**
 * Microsoft identity platform (v2.0 endpoints) and Microsoft Graph v1.0, over fetch. References:
 * learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, graph event resource,
 * event-delta (calendarView/delta), throttling.
 */

export const MICROSOFT_SCOPES = ['offline_access', 'User.Read', 'Calendars.ReadWrite'];

/** A named string property on our events (singleValueExtendedProperties): marks them as ours. */
export const MICROSOFT_MARK = 'String {6f3f8c36-6d0c-4b8e-9a51-7a0bd9a2c2e1} Name rdvAppointmentId';

/** The first delta round covers this far ahead; once the booking horizon nears its end, a full sync slides it. */
export const DELTA_WINDOW_MS = 400 * 86_400_000;

const tokenSchema = z.object({ access_token: z.string(), expires_in: z.coerce.number(), refresh_token: z.optional(z.string()) });
const meSchema = z.object({ mail: z.nullish(z.string()), userPrincipalName: z.string() });
const calendarSchema = z.object({ id: z.string() });
const timeSchema = z.object({ dateTime: z.string(), timeZone: z.optional(z.string()) });
const eventSchema = z.object({
  id: z.string(),
  '@removed': z.optional(z.object({ reason: z.optional(z.string()) })),
  isCancelled: z.optional(z.boolean()),
  showAs: z.optional(z.string()),
  start: z.optional(timeSchema),
  end: z.optional(timeSchema),
});
const createdSchema = z.object({ id: z.string() });
const subscriptionSchema = z.object({ id: z.string(), expirationDateTime: z.string() });

/**
 * Graph limits a subscription to Outlook events to a few days (4,230 minutes in older
 * documentation, 10,080 in newer): ask for 4,200 minutes, valid under both, and renew daily.
 */
export const SUBSCRIPTION_MINUTES = 4200;
const subscriptionEnd = (now: Date) => new Date(now.getTime() + SUBSCRIPTION_MINUTES * 60_000).toISOString();
const pageSchema = z.object({
  value: z._default(z.array(eventSchema), []),
  '@odata.nextLink': z.optional(z.string()),
  '@odata.deltaLink': z.optional(z.string()),
});

const authority = (path: string) => `${config().MICROSOFT_AUTHORITY_URL}/oauth2/v2.0/${path}`;
const graph = (path: string) => `${config().MICROSOFT_GRAPH_URL}${path}`;
const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });

function tokens(json: unknown): OAuthTokens {
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError('unavailable', 'Microsoft token endpoint answered without an access token');
  const { access_token, expires_in, refresh_token } = parsed.data;
  return { accessToken: access_token, refreshToken: refresh_token, expiresAt: new Date(Date.now() + expires_in * 1000).toISOString() };
}

async function tokenRequest(what: string, fields: Record<string, string>, repeatable: boolean): Promise<OAuthTokens> {
  const { json } = await providerCall({
    what,
    method: 'POST',
    url: authority('token'),
    body: new URLSearchParams({
      client_id: config().MICROSOFT_CLIENT_ID ?? '',
      client_secret: config().MICROSOFT_CLIENT_SECRET ?? '',
      scope: MICROSOFT_SCOPES.join(' '),
      ...fields,
    }),
    repeatable,
  });
  return tokens(json);
}

/** Graph's dateTime has no zone designator: the zone is beside it (UTC, as we ask with Prefer). */
function instant(time: z.infer<typeof timeSchema> | undefined): string | undefined {
  if (!time) return undefined;
  const zone = time.timeZone ?? 'UTC';
  if (zone === 'UTC' || zone === 'Etc/UTC') return new Date(`${time.dateTime.replace(/Z$/, '')}Z`).toISOString();
  const [date, clock = '00:00:00'] = time.dateTime.split('T') as [string, string?];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes, seconds] = clock.split(':').map((part) => Math.floor(Number(part))) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, zone).getTime()).toISOString();
}

/** Graph wants "2026-01-20T10:00:00" with a separate zone. */
const graphTime = (iso: string) => ({ dateTime: new Date(iso).toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' });

function eventBody(content: EventContent) {
  return {
    subject: content.title,
    body: { contentType: 'text', content: eventDescription(content) },
    start: graphTime(content.startTime),
    end: graphTime(content.endTime),
    ...(content.location ? { location: { displayName: content.location } } : {}),
    showAs: content.tentative ? 'tentative' : 'busy',
    singleValueExtendedProperties: [{ id: MICROSOFT_MARK, value: content.appointmentId }],
  };
}

/** A next/delta link is followed with the user's token: it must point at the configured Graph. */
function graphLink(link: string): string {
  if (new URL(link).origin !== new URL(config().MICROSOFT_GRAPH_URL).origin) {
    throw new ProviderError('rejected', 'Microsoft Graph returned a link to another host');
  }
  return link;
}

export const microsoft: CalendarApi = {
  provider: 'microsoft',

  configured: microsoftConfigured,

  authorizationUrl({ state, codeChallenge, redirectUri }) {
    const url = new URL(authority('authorize'));
    url.search = new URLSearchParams({
      client_id: config().MICROSOFT_CLIENT_ID ?? '',
      response_type: 'code',
      redirect_uri: redirectUri,
      response_mode: 'query',
      scope: MICROSOFT_SCOPES.join(' '),
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      prompt: 'select_account',
    }).toString();
    return url.toString();
  },

  async exchangeCode({ code, codeVerifier, redirectUri }) {
    const granted = await tokenRequest(
      'Microsoft token exchange',
      { grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri },
      false,
    );
    if (!granted.refreshToken) throw new ProviderError('rejected', 'Microsoft granted no refresh token (offline_access refused)');
    const [me, calendar] = await Promise.all([
      providerCall({ what: 'Graph GET /me', method: 'GET', url: graph('/me'), headers: bearer(granted.accessToken), repeatable: true }),
      providerCall({ what: 'Graph GET /me/calendar', method: 'GET', url: graph('/me/calendar'), headers: bearer(granted.accessToken), repeatable: true }),
    ]);
    const profile = meSchema.safeParse(me.json);
    const primary = calendarSchema.safeParse(calendar.json);
    if (!profile.success || !primary.success) throw new ProviderError('unavailable', 'Microsoft Graph answered an unreadable profile or calendar');
    return { ...granted, account: { email: (profile.data.mail ?? profile.data.userPrincipalName).toLowerCase(), calendarId: primary.data.id } };
  },

  refresh: (refreshToken) => tokenRequest('Microsoft token refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }, true),

  // Microsoft offers no revocation of one app's delegated grant short of signing the user out
  // everywhere (revokeSignInSessions); deleting our tokens is what disconnecting can do.
  revoke: async () => {},

  async upsertEvent(accessToken, calendarId, knownEventId, content) {
    if (knownEventId) {
      try {
        await providerCall({
          what: 'Graph PATCH event',
          method: 'PATCH',
          url: graph(`/me/events/${encodeURIComponent(knownEventId)}`),
          headers: bearer(accessToken),
          body: eventBody(content),
          // PATCH sets the same fields to the same values: repeating it changes nothing.
          repeatable: true,
        });
        return knownEventId;
      } catch (error) {
        // Deleted in Outlook since: the appointment still stands, so the event is made again.
        if (!(error instanceof ProviderError && error.failure === 'not_found')) throw error;
      }
    }
    const { json } = await providerCall({
      what: 'Graph POST event',
      method: 'POST',
      url: graph(`/me/calendars/${encodeURIComponent(calendarId)}/events`),
      headers: bearer(accessToken),
      // Graph returns the event already made with this transactionId instead of a second one. Per
      // version: a retried create dedupes, while an event deleted in Outlook can be made again later.
      body: { ...eventBody(content), transactionId: `${content.appointmentId}-v${content.version}` },
      repeatable: true,
    });
    const created = createdSchema.safeParse(json);
    if (!created.success) throw new ProviderError('unavailable', 'Microsoft Graph created an event without an id');
    return created.data.id;
  },

  async deleteEvent(accessToken, _calendarId, eventId) {
    await unlessAlready(['not_found', 'gone'], () =>
      providerCall({
        what: 'Graph DELETE event',
        method: 'DELETE',
        url: graph(`/me/events/${encodeURIComponent(eventId)}`),
        headers: bearer(accessToken),
        repeatable: true,
      }),
    );
  },

  async listChanges(accessToken, _calendarId, cursor, now) {
    let windowEnd: string | undefined;
    let link: string;
    if (cursor) {
      link = graphLink(cursor);
    } else {
      windowEnd = new Date(now.getTime() + DELTA_WINDOW_MS).toISOString();
      const query = new URLSearchParams({ startDateTime: new Date(now.getTime() - PULL_LOOKBACK_MS).toISOString(), endDateTime: windowEnd });
      link = graph(`/me/calendarView/delta?${query}`);
    }
    const events: ExternalEvent[] = [];
    for (;;) {
      const { json } = await providerCall({
        what: 'Graph calendarView/delta',
        method: 'GET',
        url: link,
        headers: { ...bearer(accessToken), prefer: 'odata.maxpagesize=100, outlook.timezone="UTC"' },
        repeatable: true,
      });
      const page = pageSchema.safeParse(json);
      if (!page.success) throw new ProviderError('unavailable', 'Microsoft Graph answered an unreadable delta page');
      for (const event of page.data.value) {
        events.push({
          id: event.id,
          removed: Boolean(event['@removed'] || event.isCancelled),
          busy: event.showAs !== 'free' && event.showAs !== 'workingElsewhere',
          startTime: instant(event.start),
          endTime: instant(event.end),
        });
      }
      const next = page.data['@odata.nextLink'];
      if (next) {
        link = graphLink(next);
        continue;
      }
      const delta = page.data['@odata.deltaLink'];
      if (!delta) throw new ProviderError('unavailable', 'Microsoft Graph delta ended without a deltaLink');
      return { events, cursor: graphLink(delta), full: !cursor, windowEnd } satisfies ChangeSet;
    }
  },

  async watch(accessToken, _calendarId, { address, secret, now }) {
    // Graph calls `address` with a validationToken before it answers: the notification route echoes it.
    const { json } = await providerCall({
      what: 'Graph POST /subscriptions',
      method: 'POST',
      url: graph('/subscriptions'),
      headers: bearer(accessToken),
      body: { changeType: 'created,updated,deleted', notificationUrl: address, resource: 'me/events', expirationDateTime: subscriptionEnd(now), clientState: secret },
      repeatable: false,
    });
    const subscription = subscriptionSchema.safeParse(json);
    if (!subscription.success) throw new ProviderError('unavailable', 'Graph created a subscription without an id');
    return { channelId: subscription.data.id, expiresAt: new Date(subscription.data.expirationDateTime).toISOString() };
  },

  async renewWatch(accessToken, channel, now) {
    try {
      const { json } = await providerCall({
        what: 'Graph PATCH /subscriptions',
        method: 'PATCH',
        url: graph(`/subscriptions/${encodeURIComponent(channel.channelId)}`),
        headers: bearer(accessToken),
        body: { expirationDateTime: subscriptionEnd(now) },
        repeatable: true,
      });
      const subscription = subscriptionSchema.safeParse(json);
      if (!subscription.success) throw new ProviderError('unavailable', 'Graph renewed a subscription without an expiry');
      return { ...channel, expiresAt: new Date(subscription.data.expirationDateTime).toISOString() };
    } catch (error) {
      // Expired and removed by Graph: a new subscription replaces it.
      if (error instanceof ProviderError && error.failure === 'not_found') return undefined;
      throw error;
    }
  },

  async stopWatch(accessToken, channel) {
    await unlessAlready(['not_found'], () =>
      providerCall({
        what: 'Graph DELETE /subscriptions',
        method: 'DELETE',
        url: graph(`/subscriptions/${encodeURIComponent(channel.channelId)}`),
        headers: bearer(accessToken),
        repeatable: true,
      }),
    );
  },
};
