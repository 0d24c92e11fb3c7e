import * as z from 'zod/mini';
import { adminAppointmentView, adminListRowView, adminOverviewView, monthStatisticsView } from '../../shared/api/appointment-view.ts';
import { adminActionBody, adminListQuery, adminOverviewQuery, adminUsersQuery } from '../../shared/api/appointments.ts';
import { assignableAdminView, clientLookupView, ticketView } from '../../shared/api/views.ts';
import { listTicketsQuery } from '../../shared/api/support.ts';
import type { RouteDefinition } from '../manifest.ts';

/** The admin area: every appointment, the team directory, support tickets. Part of THE route manifest (functions/routes.ts). */
export const routes = {
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
    summary: 'The admin list as CSV (RFC 4180, formula cells neutralised, every time ISO 8601 in UTC), same filters',
  },
  'GET /api/admin/overview': {
    handler: 'functions/admin/overview.ts',
    access: 'admin',
    table: 'read',
    request: { query: adminOverviewQuery },
    response: adminOverviewView,
    summary: "The admin dashboard's first screen: the week's appointments (startDate to endDate, at most 8 days), the pending requests not ended yet, this month's statistics and the caller's calendar connections",
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
  'GET /api/admin/support/tickets': {
    handler: 'functions/admin/list-tickets.ts',
    access: 'admin',
    table: 'read',
    request: { query: listTicketsQuery },
    response: z.array(ticketView),
    summary: 'Support tickets, newest first',
  },
} as const satisfies Record<string, RouteDefinition>;
