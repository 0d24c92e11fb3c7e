import * as z from 'zod/mini';
import type { AppointmentItem } from '../db/appointments.ts';
import { awaiting } from '../domain/appointments/rules.ts';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from '../domain/vocabulary.ts';
import { connectionView, pickFields, productView } from './views.ts';

const optionalText = z.optional(z.string());

/**
 * An appointment as its client sees it: an explicit allow-list, so an attribute added to the
 * entity stays private until it is added here. `awaiting` says who must confirm a pending one.
 */
export const clientAppointmentView = z.object({
  id: z.string(),
  userId: z.string(),
  productId: optionalText,
  assignedAdminId: optionalText,
  title: z.string(),
  description: optionalText,
  location: optionalText,
  meetingUrl: optionalText,
  startTime: z.string().check(z.describe('UTC instant')),
  endTime: z.string().check(z.describe('UTC instant')),
  proposedTimes: z.optional(z
    .array(z.object({ startTime: z.string(), endTime: z.string() }))).check(z.describe('A pending request\'s times to choose from (UTC instants, in time order); confirm one with its startTime and endTime')),
  timezone: z.string().check(z.describe('IANA time zone of the appointment')),
  status: z.enum(APPOINTMENT_STATUSES),
  type: z.enum(APPOINTMENT_TYPES),
  price: z.number().check(z.int(), z.describe('cents')),
  currency: z.string(),
  isPaid: z.boolean(),
  lagoInvoiceId: optionalText,
  invoiceNumber: optionalText,
  paymentUpdatedAt: optionalText,
  googleEventId: optionalText,
  microsoftEventId: optionalText,
  attendeeEmail: optionalText,
  attendeeName: optionalText,
  attendeePhone: optionalText,
  clientNote: optionalText,
  cancellationReason: optionalText,
  syncToCalendar: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
  awaiting: z.nullable(z.enum(['client', 'admin'])),
});

/**
 * What admins see besides: the internal notes, and `externalChange` (its event moved or deleted
 * in a connected calendar) while it concerns the current version: once the appointment changed
 * again, our version was pushed.
 */
export const adminAppointmentView = z.extend(clientAppointmentView, {
  notes: optionalText,
  externalChange: z.optional(z
    .object({
      kind: z.enum(['moved', 'deleted']),
      provider: z.string(),
      email: z.string(),
      startTime: optionalText,
      endTime: optionalText,
      detectedAt: z.string(),
      atVersion: z.number().check(z.int()),
    })),
});

export type AppointmentView = z.output<typeof adminAppointmentView>;

/** The fields of `item` the viewer's audience may see; nothing else (search text, capacity and buffers never). */
export function appointmentView(item: AppointmentItem, viewer: { isAdmin: boolean }): AppointmentView {
  const view: Record<string, unknown> = { ...pickFields(clientAppointmentView, item), awaiting: awaiting(item) };
  if (viewer.isAdmin) {
    if (item.notes !== undefined) view.notes = item.notes;
    if (item.externalChange && item.externalChange.atVersion === item.version) view.externalChange = item.externalChange;
  }
  return view as AppointmentView;
}

/** A person embedded in an admin's row; `disabled` flags an account an admin has disabled (its appointments stay). */
const personEmbed = z.object({ id: z.string(), firstName: optionalText, lastName: optionalText, email: z.string(), disabled: z.optional(z.boolean()) });

/** A row of the admin list: the appointment with its client, assigned admin and product embedded (the seed's list). */
export const adminListRowView = z.extend(adminAppointmentView, { user: z.nullable(personEmbed), assignedAdmin: z.nullable(personEmbed), product: z.nullable(productView) });

export function adminListRow(
  row: { appointment: AppointmentItem; user: z.output<typeof personEmbed> | null; assignedAdmin: z.output<typeof personEmbed> | null; product: object | null },
  viewer: { isAdmin: boolean },
): z.output<typeof adminListRowView> {
  return {
    ...appointmentView(row.appointment, viewer),
    user: row.user && pickFields(personEmbed, row.user),
    assignedAdmin: row.assignedAdmin && pickFields(personEmbed, row.assignedAdmin),
    product: row.product && pickFields(productView, row.product),
  };
}

/** The seed's statistics of one month (POST /api/admin/appointments, action "stats"). */
export const monthStatisticsView = z.object({
  month: z.string().check(z.describe('YYYY-MM')),
  total: z.number().check(z.int()),
  pending: z.number().check(z.int()),
  confirmed: z.number().check(z.int()),
  completed: z.number().check(z.int()),
  cancelled: z.number().check(z.int()),
  noShow: z.number().check(z.int()),
  paidAppointments: z.number().check(z.int()),
  unpaidAppointments: z.number().check(z.int()),
  totalRevenue: z.number().check(z.int(), z.describe('cents of paid appointments that are paid')),
  unpaidAmount: z.number().check(z.int(), z.describe('cents of paid appointments still to be paid (not cancelled)')),
});

/**
 * The admin dashboard's first screen in one answer (GET /api/admin/overview): one function woken
 * instead of three (the list twice, the statistics, the calendar connections).
 */
export const adminOverviewView = z.object({
  week: z.array(adminListRowView).check(z.describe("appointments overlapping the week asked for, every status")),
  pending: z.array(adminListRowView).check(z.describe('the pending appointments that have not ended yet (requests of clients and of the team)')),
  stats: monthStatisticsView,
  connections: z.array(connectionView).check(z.describe("the caller's calendar connections")),
});

/** What DELETE /api/me erased. */
export const erasureView = z.object({
  deleted: z.literal(true),
  appointmentsAnonymised: z.number().check(z.int()),
  calendarConnectionsDeleted: z.number().check(z.int()),
  supportTicketsDeleted: z.number().check(z.int()),
});

/** The seed's pay response, plus Lago's checkout link when it has one. */
export const invoiceView = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  amount: z.number().check(z.int(), z.describe('cents')),
  currency: z.string(),
  status: z.string(),
  paymentUrl: z.optional(z.string()),
});
