import * as z from 'zod/mini';
import { clientAppointmentView, erasureView } from '../../shared/api/appointment-view.ts';
import { profileSchema, updateProfileBody } from '../../shared/api/profile.ts';
import { connectionView, ticketView } from '../../shared/api/views.ts';
import { createTicketBody } from '../../shared/api/support.ts';
import type { RouteDefinition } from '../manifest.ts';

/** A person's own account and data (profile, export, erasure) and the help centre. Part of THE route manifest (functions/routes.ts). */
export const routes = {
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
  'GET /api/me/export': {
    handler: 'functions/support/export-me.ts',
    access: 'user',
    table: 'readWrite',
    response: z.object({ exportedAt: z.string(), profile: profileSchema, appointments: z.array(clientAppointmentView), calendarConnections: z.array(connectionView), supportTickets: z.array(z.omit(ticketView, { userId: true })) }),
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
  'POST /api/support/tickets': {
    handler: 'functions/support/create-ticket.ts',
    access: 'user',
    table: 'readWrite',
    request: { body: createTicketBody },
    response: ticketView,
    summary: 'A message to the support team from the help centre (category, subject, message)',
  },
} as const satisfies Record<string, RouteDefinition>;
