import type { RouteKey } from '../../functions/routes.ts';
// The namespace import keeps bundles small (see test/conventions.test.ts).
import * as zod from 'zod';
import {
  adminActionBody,
  adminCreateBody,
  adminListQuery,
  adminUsersQuery,
  appointmentParams,
  createAppointmentBody,
  documentedCreateBody,
  listAppointmentsQuery,
  statsBody,
  updateAppointmentBody,
} from './appointments.ts';
import { callbackParams, callbackQuery, connectQuery, connectionIdQuery } from './calendar.ts';
import { createTicketBody, listTicketsQuery } from './support.ts';
import { lagoWebhookBody } from './payments.ts';
import { updateProfileBody } from './profile.ts';
import { availabilityQuery, exceptionBody, exceptionPatch, idParams, productBody, productPatch, slotBody, slotPatch } from './availability.ts';

export interface RequestSchemas {
  params?: zod.ZodType;
  query?: zod.ZodType;
  body?: zod.ZodType;
  /** For the OpenAPI document when the handler validates the body itself (action dispatch). */
  documentedBody?: zod.ZodType;
}

/**
 * What each route accepts: the handlers validate with these and the OpenAPI document is generated
 * from them, so the documentation cannot drift from what the API enforces.
 */
export const requestSchemas = {
  'PUT /api/me': { body: updateProfileBody },
  'GET /api/appointments': { query: listAppointmentsQuery },
  'POST /api/appointments': { body: createAppointmentBody, documentedBody: documentedCreateBody },
  'GET /api/appointments/{id}': { params: appointmentParams },
  'PUT /api/appointments/{id}': { params: appointmentParams, body: updateAppointmentBody },
  'DELETE /api/appointments/{id}': { params: appointmentParams },
  'POST /api/appointments/{id}/pay': { params: appointmentParams },
  'GET /api/appointments/{id}/history': { params: appointmentParams },
  // Validated by the handler after the signature check, so only documented here.
  'POST /api/lago-webhook': { documentedBody: lagoWebhookBody },
  'GET /api/admin/appointments': { query: adminListQuery },
  'POST /api/admin/appointments': { body: adminActionBody, documentedBody: zod.union([adminCreateBody, statsBody]) },
  'GET /api/admin/appointments/export': { query: adminListQuery },
  'GET /api/admin/users': { query: adminUsersQuery },
  'POST /api/support/tickets': { body: createTicketBody },
  'GET /api/admin/support/tickets': { query: listTicketsQuery },
  'GET /api/availability': { query: availabilityQuery },
  'POST /api/admin/products': { body: productBody },
  'PUT /api/admin/products/{id}': { params: idParams, body: productPatch },
  'DELETE /api/admin/products/{id}': { params: idParams },
  'POST /api/admin/availability/slots': { body: slotBody },
  'PUT /api/admin/availability/slots/{id}': { params: idParams, body: slotPatch },
  'DELETE /api/admin/availability/slots/{id}': { params: idParams },
  'POST /api/admin/availability/exceptions': { body: exceptionBody },
  'PUT /api/admin/availability/exceptions/{id}': { params: idParams, body: exceptionPatch },
  'DELETE /api/admin/availability/exceptions/{id}': { params: idParams },
  'GET /api/calendar/connect': { query: connectQuery },
  'GET /api/calendar/callback/{provider}': { params: callbackParams, query: callbackQuery },
  'DELETE /api/calendar': { query: connectionIdQuery },
  'POST /api/calendar/sync': { query: connectionIdQuery },
} as const satisfies Partial<Record<RouteKey, RequestSchemas>>;
