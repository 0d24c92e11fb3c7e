import * as z from 'zod';
import { adminAppointmentView, adminListRowView, clientAppointmentView, erasureView, invoiceView, monthStatisticsView } from '../shared/api/appointment-view.ts';
import { adminActionBody, adminListQuery, adminUsersQuery, appointmentParams, createAppointmentBody, listAppointmentsQuery, updateAppointmentBody } from '../shared/api/appointments.ts';
import { availabilityQuery, exceptionBody, exceptionPatch, idParams, productBody, productPatch, slotBody, slotPatch } from '../shared/api/availability.ts';
import { callbackParams, callbackQuery, connectQuery, connectionIdQuery, microsoftNotificationsBody } from '../shared/api/calendar.ts';
import { lagoWebhookBody } from '../shared/api/payments.ts';
import { profileSchema, updateProfileBody } from '../shared/api/profile.ts';
import { assignableAdminView, availabilityView, bookableProductView, clientLookupView, connectionView, deletedView, exceptionView, historyEntryView, productView, slotView, ticketView } from '../shared/api/views.ts';
import { createTicketBody, listTicketsQuery } from '../shared/api/support.ts';
import type { RouteDefinition } from './manifest.ts';

export type { Access, Grant, JobDefinition, JobTrigger, RequestSchemas, RouteDefinition, TableAccess } from './manifest.ts';

/**
 * THE route manifest: everything about a route in one entry. CDK builds one function and one
 * HttpApi route per entry and grants it exactly `table`, `grants` and `secrets` (infra/grants.ts);
 * the HTTP chain validates `request` before the handler runs; the local gateway serves the same
 * list; OpenAPI and the fuzzing read `request` and `response`. Keys are "METHOD /path" with API
 * Gateway's {param} syntax. access: public (no token), user (any signed-in user), admin (Cognito
 * group `admin`). Types: functions/manifest.ts.
 */
export const routes = {
  'GET /api/health': {
    handler: 'functions/support/health.ts',
    access: 'public',
    table: 'none',
    summary: 'Liveness: the API answers and its configuration is valid',
  },
  'GET /api/me': {
    handler: 'functions/support/me.ts',
    access: 'user',
    table: 'readWrite',
    response: profileSchema,
    summary: "The caller's profile and role; created from the token's claims on first call",
  },
  'PUT /api/me': {
    handler: 'functions/support/update-me.ts',
    access: 'user',
    table: 'readWrite',
    request: { body: updateProfileBody },
    response: profileSchema,
    summary: "Change the caller's name, phone, time zone, language (fr|en) and email notifications",
  },
  'GET /api/appointments': {
    handler: 'functions/appointments/list.ts',
    access: 'user',
    table: 'read',
    request: { query: listAppointmentsQuery },
    response: z.array(adminAppointmentView),
    summary: "The caller's appointments by start time; filters status, type, startDate, endDate; paged",
  },
  'POST /api/appointments': {
    handler: 'functions/appointments/create.ts',
    access: 'user',
    table: 'readWrite',
    request: { body: createAppointmentBody },
    response: adminAppointmentView,
    grants: ['publishEvents'],
    summary: "A client's request (pending, free) or an admin's appointment; 409 when the time is taken",
  },
  'GET /api/appointments/{id}': {
    handler: 'functions/appointments/get.ts',
    access: 'user',
    table: 'read',
    request: { params: appointmentParams },
    response: adminAppointmentView,
    summary: 'One appointment: its owner or an admin; 404 for anyone else',
  },
  'PUT /api/appointments/{id}': {
    handler: 'functions/appointments/update.ts',
    access: 'user',
    table: 'readWrite',
    request: { params: appointmentParams, body: updateAppointmentBody },
    response: adminAppointmentView,
    grants: ['publishEvents'],
    summary: 'Confirm, cancel, edit or reschedule, by the seed rules; a moved product booking must land on an offered slot (admins may override); 409 on a taken time or an invalid transition',
  },
  'DELETE /api/appointments/{id}': {
    handler: 'functions/appointments/delete.ts',
    access: 'user',
    table: 'readWrite',
    request: { params: appointmentParams },
    response: deletedView,
    grants: ['publishEvents'],
    summary: "Delete: admins any, a client only their own pending request",
  },
  'POST /api/appointments/{id}/pay': {
    handler: 'functions/appointments/pay.ts',
    access: 'user',
    table: 'readWrite',
    request: { params: appointmentParams },
    response: invoiceView,
    grants: ['publishEvents'],
    secrets: ['lagoApiKey'],
    summary: 'The Lago invoice of a paid appointment (owner or admin): created once, the same one on every later call; 503 when payments are off',
  },
  'GET /api/appointments/{id}/history': {
    handler: 'functions/appointments/history.ts',
    access: 'user',
    table: 'read',
    request: { params: appointmentParams },
    response: z.array(historyEntryView),
    summary: "The appointment's status history, oldest first (owner or admin; 404 for anyone else): change, status before/after, changed field names, who acted (a name for admins; \"Vous\" / \"L'équipe\" for clients)",
  },
  'POST /api/lago-webhook': {
    handler: 'functions/webhooks/lago.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: lagoWebhookBody, bodyValidatedByHandler: true },
    grants: ['publishEvents'],
    secrets: ['lagoWebhookHmacKey', 'lagoApiKey'],
    summary: "Lago's signed webhook (HMAC or JWT): invoice payment status, voided, payment failure; deduplicated on X-Lago-Unique-Key",
  },
  'GET /api/admin/appointments': {
    handler: 'functions/admin/list-appointments.ts',
    access: 'admin',
    table: 'read',
    request: { query: adminListQuery },
    response: z.array(adminListRowView),
    summary: "Every user's appointments with user, assigned admin and product; filters, search, paged",
  },
  'POST /api/admin/appointments': {
    handler: 'functions/admin/appointment-actions.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: adminActionBody },
    response: z.union([adminAppointmentView, monthStatisticsView]),
    grants: ['publishEvents'],
    summary: 'action "create": request an appointment with a client; action "stats": the month\'s statistics',
  },
  'GET /api/admin/appointments/export': {
    handler: 'functions/admin/export-appointments.ts',
    access: 'admin',
    table: 'read',
    request: { query: adminListQuery },
    summary: 'The admin list as CSV (RFC 4180, formula cells neutralised), same filters',
  },
  'GET /api/admin/users': {
    handler: 'functions/admin/find-users.ts',
    access: 'admin',
    table: 'read',
    request: { query: adminUsersQuery },
    response: z.array(clientLookupView),
    summary: 'Registered clients (never admins) whose email starts with ?email= (the request dialog lookup)',
  },
  'GET /api/admin/admins': {
    handler: 'functions/admin/list-admins.ts',
    access: 'admin',
    table: 'read',
    response: z.array(assignableAdminView),
    summary: 'Every admin (id, name, email), by name: whom an appointment can be assigned to',
  },
  'GET /api/me/export': {
    handler: 'functions/support/export-me.ts',
    access: 'user',
    table: 'readWrite',
    response: z.object({ exportedAt: z.string(), profile: profileSchema, appointments: z.array(clientAppointmentView), calendarConnections: z.array(connectionView), supportTickets: z.array(ticketView.omit({ userId: true })) }),
    summary: "The caller's data as JSON: profile, appointments, calendar connections (never tokens), support tickets",
  },
  'DELETE /api/me': {
    handler: 'functions/support/delete-me.ts',
    access: 'user',
    table: 'readWrite',
    response: erasureView,
    grants: ['publishEvents', 'deleteSignIn', 'useCalendarTokens'],
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    summary: 'Erase the account: profile, calendar connections (grants revoked), support tickets, personal fields of appointments, sign-in',
  },
  'GET /api/availability': {
    handler: 'functions/availability/list-slots.ts',
    access: 'public',
    table: 'read',
    request: { query: availabilityQuery },
    response: availabilityView,
    summary: 'Bookable slots starting in [from, to) (at most 93 days), also grouped by day in ?timezone; filters productId, adminId',
  },
  'GET /api/products': {
    handler: 'functions/availability/list-products.ts',
    access: 'public',
    table: 'read',
    response: z.array(bookableProductView),
    summary: 'The active products (appointment types) a client can book',
  },
  'GET /api/admin/products': {
    handler: 'functions/admin/list-products.ts',
    access: 'admin',
    table: 'read',
    response: z.array(productView),
    summary: 'Every product, active or not',
  },
  'POST /api/admin/products': {
    handler: 'functions/admin/create-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: productBody },
    response: productView,
    summary: 'A new product: name, description, durationMinutes, price (cents), currency, active',
  },
  'PUT /api/admin/products/{id}': {
    handler: 'functions/admin/update-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: productPatch },
    response: productView,
    summary: 'Change a product (null clears the description)',
  },
  'DELETE /api/admin/products/{id}': {
    handler: 'functions/admin/delete-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: 'Delete a product no weekly slot uses (409 otherwise: deactivate it instead)',
  },
  'GET /api/admin/availability/slots': {
    handler: 'functions/admin/list-availability-slots.ts',
    access: 'admin',
    table: 'read',
    response: z.array(slotView),
    summary: "The caller's weekly slots, in weekly order",
  },
  'POST /api/admin/availability/slots': {
    handler: 'functions/admin/create-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: slotBody },
    response: slotView,
    summary: "A weekly slot of the caller, in the caller's profile time zone; 409 when it overlaps another for the same day and product",
  },
  'PUT /api/admin/availability/slots/{id}': {
    handler: 'functions/admin/update-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: slotPatch },
    response: slotView,
    summary: "Change one of the caller's weekly slots; another admin's answers 404",
  },
  'DELETE /api/admin/availability/slots/{id}': {
    handler: 'functions/admin/delete-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: "Delete one of the caller's weekly slots; another admin's answers 404",
  },
  'GET /api/admin/availability/exceptions': {
    handler: 'functions/admin/list-availability-exceptions.ts',
    access: 'admin',
    table: 'read',
    response: z.array(exceptionView),
    summary: "The caller's exceptions by date",
  },
  'POST /api/admin/availability/exceptions': {
    handler: 'functions/admin/create-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: exceptionBody },
    response: exceptionView,
    summary: 'A date blocked (whole day or startTime–endTime) or with an extra window, and a reason',
  },
  'PUT /api/admin/availability/exceptions/{id}': {
    handler: 'functions/admin/update-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: exceptionPatch },
    response: exceptionView,
    summary: "Change one of the caller's exceptions; another admin's answers 404",
  },
  'DELETE /api/admin/availability/exceptions/{id}': {
    handler: 'functions/admin/delete-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: "Delete one of the caller's exceptions; another admin's answers 404",
  },
  'GET /api/openapi.json': {
    handler: 'functions/support/openapi.ts',
    access: 'public',
    table: 'none',
    summary: 'This API as an OpenAPI 3.1 document, generated from the zod schemas',
  },
  'POST /api/support/tickets': {
    handler: 'functions/support/create-ticket.ts',
    access: 'user',
    table: 'readWrite',
    request: { body: createTicketBody },
    response: ticketView,
    summary: 'A message to the support team from the help centre (category, subject, message)',
  },
  'GET /api/admin/support/tickets': {
    handler: 'functions/admin/list-tickets.ts',
    access: 'admin',
    table: 'read',
    request: { query: listTicketsQuery },
    response: z.array(ticketView),
    summary: 'Support tickets, newest first',
  },
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
    response: z.object({ url: z.string().describe("the provider's authorization URL") }),
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
    summary: "Microsoft Graph's change notifications (and its validationToken handshake): clientState checked, then one sync per calendar is queued",
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteKey = keyof typeof routes;

export interface ManifestRoute extends RouteDefinition {
  key: string;
  method: string;
  path: string;
}

/** The manifest as a list, with method and path split out of each key. */
export function listRoutes(): ManifestRoute[] {
  return Object.entries(routes).map(([key, definition]) => {
    const [method, path] = key.split(' ') as [string, string];
    return { key, method, path, ...definition };
  });
}

// The jobs' manifest is its own module so a job's bundle does not carry every route's schemas.
export { jobs, listJobs, type JobName, type ManifestJob } from './jobs.ts';
