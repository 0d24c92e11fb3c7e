import * as z from 'zod/mini';
import { callbackParams, callbackQuery, connectQuery, connectionIdQuery, microsoftNotificationsBody } from '../../shared/api/calendar.ts';
import { connectionView } from '../../shared/api/views.ts';
import type { RouteDefinition } from '../manifest.ts';

/** Calendar connections (Google, Microsoft) and the providers' callbacks. Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'GET /api/calendar': {
    handler: 'functions/calendar/list-connections.ts',
    access: 'user',
    table: 'read',
    response: z.array(connectionView),
    summary: "The caller's calendar connections: provider, email, calendar, status, last sync, last error (never tokens)",
  },
  'GET /api/calendar/connect': {
    handler: 'functions/calendar/connect.ts',
    access: 'user',
    table: 'readWrite',
    request: { query: connectQuery },
    response: z.object({ url: z.string().check(z.describe("the provider's authorization URL")) }),
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    summary: 'The provider\'s authorization URL (code flow with PKCE) and a single-use state bound to the caller and this browser',
  },
  'GET /api/calendar/callback/{provider}': {
    handler: 'functions/calendar/callback.ts',
    access: 'public',
    table: 'readWrite',
    request: { params: callbackParams, query: callbackQuery },
    grants: ['useCalendarTokens', 'enqueueCalendarSync'],
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    summary: "The provider's redirect: checks the state, exchanges the code, stores the connection (tokens encrypted), redirects to the settings page",
  },
  'DELETE /api/calendar': {
    handler: 'functions/calendar/disconnect.ts',
    access: 'user',
    table: 'readWrite',
    request: { query: connectionIdQuery },
    response: z.object({ id: z.string(), disconnected: z.literal(true) }),
    grants: ['useCalendarTokens'],
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    summary: 'Disconnect ?id= (the token is revoked where the provider allows); appointments stay; another user\'s id answers 404',
  },
  'POST /api/calendar/sync': {
    handler: 'functions/calendar/sync-now.ts',
    access: 'user',
    table: 'readWrite',
    request: { query: connectionIdQuery },
    response: z.object({ queued: z.literal(true) }),
    grants: ['enqueueCalendarSync'],
    summary: 'Sync ?id= now (one of the caller\'s connections); at most once a minute per connection (429 otherwise)',
  },
  'POST /api/calendar/notifications/google': {
    handler: 'functions/calendar/notify-google.ts',
    access: 'public',
    table: 'readWrite',
    grants: ['enqueueCalendarSync'],
    summary: "Google's push notification (events.watch channel): checked against the channel's token, then one sync of that calendar is queued",
  },
  'POST /api/calendar/notifications/microsoft': {
    handler: 'functions/calendar/notify-microsoft.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: microsoftNotificationsBody, bodyValidatedByHandler: true },
    grants: ['enqueueCalendarSync'],
    summary: "Microsoft Graph's change notifications (and its validationToken handshake): clientState checked, then one sync per calendar is queued; at most 100 subscriptions per POST (the rest is left to the scheduled sync, still 202)",
  },
} as const satisfies Record<string, RouteDefinition>;
