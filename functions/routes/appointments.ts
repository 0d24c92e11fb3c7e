import * as z from 'zod/mini';
import { adminAppointmentView, invoiceView } from '../../shared/api/appointment-view.ts';
import { appointmentParams, createAppointmentBody, listAppointmentsQuery, updateAppointmentBody } from '../../shared/api/appointments.ts';
import { assignableAdminView, deletedView, historyEntryView } from '../../shared/api/views.ts';
import type { RouteDefinition } from '../manifest.ts';

/** Appointments as their client or an admin works on them. Part of THE route manifest (functions/routes.ts). */
export const routes = {
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
  'GET /api/appointments/{id}/details': {
    handler: 'functions/appointments/details.ts',
    access: 'user',
    table: 'read',
    request: { params: appointmentParams },
    response: z.object({
      appointment: adminAppointmentView,
      history: z.nullable(z.array(historyEntryView)).check(z.describe('null when it could not be read: the page shows the appointment and says so')),
      team: z.optional(z.array(assignableAdminView).check(z.describe('admins only: whom the appointment can be assigned to'))),
    }),
    summary: "An appointment's page in one call (owner or admin; 404 for anyone else): the appointment as GET /api/appointments/{id}, its history as GET …/history, and for admins the team as GET /api/admin/admins",
  },
} as const satisfies Record<string, RouteDefinition>;
