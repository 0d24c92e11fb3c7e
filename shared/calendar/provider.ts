import type { CalendarProvider } from '../domain/vocabulary.ts';

/** Tokens from a provider's token endpoint; `expiresAt` is an ISO instant. */
export interface OAuthTokens {
  accessToken: string;
  /** Google sends one only with the first consent; Microsoft a new one on every refresh. */
  refreshToken?: string;
  expiresAt: string;
}

export interface CalendarAccount {
  /** The account's email address. */
  email: string;
  /** The primary calendar's id. */
  calendarId: string;
}

/** What an appointment looks like in a calendar. */
export interface EventContent {
  appointmentId: string;
  /** The appointment's version: a create repeated for the same version is the same create. */
  version: number;
  title: string;
  description?: string;
  location?: string;
  meetingUrl?: string;
  /** ISO instants (UTC). */
  startTime: string;
  endTime: string;
  /** IANA zone the appointment was made in (shown by the calendar app). */
  timezone: string;
  /** Pending appointments are shown as tentative. */
  tentative: boolean;
}

/** An event the pull saw changed: ours (by id) or someone else's (busy time). */
export interface ExternalEvent {
  id: string;
  /** Deleted or cancelled in the calendar. */
  removed: boolean;
  /** Takes time (not free/transparent). */
  busy: boolean;
  /** ISO instants with a zone; absent for removed events. */
  startTime?: string;
  endTime?: string;
  /** The appointment id we marked the event with, when the provider returned it. */
  appointmentId?: string;
}

export interface ChangeSet {
  events: ExternalEvent[];
  /** Store it: the next run asks only for what changed since. */
  cursor: string;
  /** The cursor did not carry over (first run or after 410): these are ALL events in range. */
  full: boolean;
  /** Microsoft: the end of the window the cursor covers. */
  windowEnd?: string;
}

/** A push channel (Google events.watch) or subscription (Graph): the provider calls us when the calendar changes. */
export interface WatchChannel {
  /** Google: the channel id we chose; Microsoft: the subscription id Graph chose. */
  channelId: string;
  /** Google's resourceId, needed to stop the channel. */
  resourceId?: string;
  expiresAt: string;
}

/** The calls the product makes to one provider (Google Calendar or Microsoft Graph). */
export interface CalendarApi {
  provider: CalendarProvider;
  /** Client id + secret are set. */
  configured(): boolean;
  authorizationUrl(request: { state: string; codeChallenge: string; redirectUri: string }): string;
  /** Authorization code (with its PKCE verifier) → tokens and the account. */
  exchangeCode(request: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthTokens & { account: CalendarAccount }>;
  refresh(refreshToken: string): Promise<OAuthTokens>;
  /** Revokes the grant where the provider allows it; a no-op otherwise. */
  revoke(refreshToken: string): Promise<void>;
  /** Creates or updates our event; repeating it never makes a second event. Returns the event id. */
  upsertEvent(accessToken: string, calendarId: string, knownEventId: string | undefined, content: EventContent): Promise<string>;
  /** Deletes the event; one already gone counts as deleted. */
  deleteEvent(accessToken: string, calendarId: string, eventId: string): Promise<void>;
  /** Every change since `cursor` (all pages), or every event from a day ago on when there is none. */
  listChanges(accessToken: string, calendarId: string, cursor: string | undefined, now: Date): Promise<ChangeSet>;
  /** Asks the provider to POST to `address` when the calendar changes; `secret` comes back with each notification. */
  watch(accessToken: string, calendarId: string, request: { address: string; secret: string; now: Date }): Promise<WatchChannel>;
  /** Extends a channel where the provider allows it (Graph); undefined where a new channel must be made (Google). */
  renewWatch(accessToken: string, channel: WatchChannel, now: Date): Promise<WatchChannel | undefined>;
  /** Stops a channel; one already gone counts as stopped. */
  stopWatch(accessToken: string, channel: WatchChannel): Promise<void>;
}

export const PROVIDER_NAMES: Record<CalendarProvider, string> = {
  google: 'Google Calendar',
  microsoft: 'Microsoft Outlook',
};

/** How far back the first pull looks: an event that ended before cannot block a slot. */
export const PULL_LOOKBACK_MS = 86_400_000;

/** What the event says about the appointment besides its title. */
export function eventDescription(content: EventContent): string {
  return [content.description, content.meetingUrl].filter(Boolean).join('\n\n');
}
