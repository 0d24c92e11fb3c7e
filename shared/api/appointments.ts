import * as z from 'zod/mini';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from '../domain/vocabulary.ts';
import { MAX_PROPOSED_TIMES, MIN_PROPOSED_TIMES, sameTime, type ProposedTime } from '../domain/appointments/proposals.ts';
import { MISSING_FIELDS_TOGETHER } from './validate.ts';
import { cents, currency, cursor, email, httpUrl, id, instant, instantOrDate, limit, phone, text, timezone, title } from './fields.ts';

export const MAX_APPOINTMENT_MINUTES = 24 * 60;

/** end after start, and not longer than a day. */
export function checkTimes(value: { startTime?: string; endTime?: string }, ctx: z.core.$RefinementCtx) {
  if (!value.startTime || !value.endTime) return;
  const minutes = (Date.parse(value.endTime) - Date.parse(value.startTime)) / 60_000;
  if (minutes <= 0) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must be after startTime' });
  else if (minutes > MAX_APPOINTMENT_MINUTES) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'an appointment lasts at most 24 hours' });
}

export const appointmentParams = z.object({ id });

const range = {
  status: z.optional(z.enum(APPOINTMENT_STATUSES)),
  type: z.optional(z.enum(APPOINTMENT_TYPES)),
  /** Appointments overlapping [startDate, endDate). */
  startDate: z.optional(instantOrDate),
  endDate: z.optional(instantOrDate),
  cursor,
};

const rangeOrder = (value: { startDate?: string; endDate?: string }, ctx: z.core.$RefinementCtx) => {
  if (value.startDate && value.endDate && value.endDate <= value.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must be after startDate' });
  }
};

export const listAppointmentsQuery = z.object({ ...range, limit: limit(50) }).check(z.superRefine(rangeOrder));

export const adminListQuery = z
  .object({
    ...range,
    limit: limit(100),
    /** Title, client name or email (case-insensitive, contains). */
    q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    assignedAdminId: z.optional(id),
  }).check(z.superRefine(rangeOrder));

/** The admin dashboard's week: appointments overlapping [startDate, endDate), at most 8 days (the browser's own Monday to Monday). */
export const adminOverviewQuery = z
  .object({ startDate: instantOrDate, endDate: instantOrDate })
  .check(
    z.superRefine(rangeOrder),
    z.superRefine((value, ctx) => {
      if (Date.parse(value.endDate) - Date.parse(value.startDate) > 8 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must be at most 8 days after startDate' });
    }),
  );

/** Fields anyone may send when creating; what a client sends beyond them is ignored. */
const requestFields = {
  title,
  description: z.optional(text(5000)),
  startTime: instant,
  endTime: instant,
  timezone: z.optional(timezone),
  location: z.optional(text(500)),
  meetingUrl: z.optional(httpUrl),
  /** The client's note for the team (apart from the internal `notes`). */
  clientNote: z.optional(text(2000)),
  syncToCalendar: z.optional(z.boolean()),
};

/** Fields only an admin's request may set. */
const adminFields = {
  type: z.optional(z.enum(APPOINTMENT_TYPES)),
  price: z.optional(cents),
  currency: z.optional(currency),
  status: z.optional(z.enum(APPOINTMENT_STATUSES)),
  attendeeEmail: z.optional(email),
  attendeeName: z.optional(text(200)),
  attendeePhone: z.optional(phone),
  assignedAdminId: z.optional(id),
  notes: z.optional(text(5000)),
  productId: z.optional(id),
};

/** Booking an offered slot (GET /api/availability): the product and the start decide the rest. */
const slotBookingFields = {
  productId: id,
  /** The slot's admin (`adminId` of the offered slot); without it, the first admin offering that start. */
  adminId: z.optional(id),
  title: z.optional(title),
  /** Optional: startTime + the product's duration; anything else is refused. */
  endTime: z.optional(instant),
};

/**
 * POST /api/appointments: a free-form request (title, startTime, endTime) or, with productId, the
 * booking of an offered slot (startTime, optional adminId): end, type, price and the assigned
 * admin then come from the product and the slot.
 */
export const createAppointmentBody = z
  .object({ ...requestFields, ...adminFields, ...slotBookingFields, productId: z.optional(id) }).check(z.superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (value.productId === undefined) {
      if (value.title === undefined) issue('title', 'is required (or give productId to book an offered slot)');
      if (value.endTime === undefined) issue('endTime', 'is required (or give productId to book an offered slot)');
      if (value.adminId !== undefined) issue('adminId', "chooses a slot's admin: give productId too");
    } else {
      if (value.assignedAdminId !== undefined) issue('assignedAdminId', "a slot booking is assigned to the slot's admin: use adminId");
      for (const field of ['type', 'price', 'currency'] as const) {
        if (value[field] !== undefined) issue(field, "comes from the product in a slot booking: leave it out");
      }
    }
    checkTimes(value, ctx);
  }), z.describe('Two shapes, told apart by productId. A free-form request: title, startTime and endTime are required; adminId is refused. ' +
      "The booking of an offered slot: productId and startTime are required (endTime, if given, must be the slot's end); " +
      "type, price, currency and assignedAdminId are refused (they come from the product and the slot; adminId picks the slot's admin)."));
export type CreateAppointmentBody = z.output<typeof createAppointmentBody>;

/** PUT: every field optional; unknown fields are refused so nothing is silently dropped. */
export const updateAppointmentBody = z
  .strictObject({
    title: z.optional(title),
    description: z.optional(z.nullable(text(5000))),
    startTime: z.optional(instant),
    endTime: z.optional(instant),
    timezone: z.optional(timezone),
    location: z.optional(z.nullable(text(500))),
    meetingUrl: z.optional(z.nullable(httpUrl)),
    clientNote: z.optional(z.nullable(text(2000))),
    syncToCalendar: z.optional(z.boolean()),
    type: z.optional(z.enum(APPOINTMENT_TYPES)),
    price: z.optional(cents),
    currency: z.optional(currency),
    isPaid: z.optional(z.boolean()),
    status: z.optional(z.enum(APPOINTMENT_STATUSES)),
    attendeeEmail: z.optional(z.nullable(email)),
    attendeeName: z.optional(z.nullable(text(200))),
    attendeePhone: z.optional(z.nullable(phone)),
    assignedAdminId: z.optional(z.nullable(id)),
    notes: z.optional(z.nullable(text(5000))),
    productId: z.optional(z.nullable(id)),
    cancellationReason: z.optional(text(1000)),
    /** The version the caller last read: a stale one is refused with 409. */
    version: z.optional(z.number().check(z.int(), z.gte(1))),
    overrideAvailability: z.optional(z
      .boolean()).check(z.describe('Admins only (a client gets 403). A product booking (one with a productId) that is moved (new startTime or endTime, ' +
          'another assignedAdminId or productId) or reopened must land on a start its product offers for the assigned admin ' +
          '(as GET /api/availability lists it) and takes that window\'s capacity (maxAppointments); the end follows the ' +
          'product\'s duration when endTime is left out. Otherwise: 409 "This time is no longer available" (outside the weekly ' +
          'windows, on an exception or busy time, within the minimum notice, beyond the horizon) or 409 "Time slot is not ' +
          'available" (the slot is full). Set it to true to place the appointment there deliberately: the admin\'s time is then held exclusively ' +
          '(capacity 1), and overlapping another appointment of the client or the admin is still refused with 409. ' +
          'Free-form appointments (no productId) only get that overlap check. A new startTime without endTime keeps the length.')),
  }).check(z.superRefine(checkTimes));
export type UpdateAppointmentBody = z.output<typeof updateAppointmentBody>;

/** One time among several proposed for a request. */
export const proposedTime = z.object({ startTime: instant, endTime: instant }).check(z.superRefine(checkTimes));

/**
 * Several times for one request (the seed's "propose multiple time slots"): the client picks one.
 * The top-level startTime/endTime are the first choice and must be one of them.
 */
function checkProposals(value: { startTime: string; endTime: string; status?: string; proposedTimes?: ProposedTime[] }, ctx: z.core.$RefinementCtx) {
  const times = value.proposedTimes;
  if (!times) return;
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  times.forEach((time, index) => {
    if (times.findIndex((other) => sameTime(other, time)) !== index) issue(['proposedTimes', index], 'is proposed twice');
  });
  if (!times.some((time) => sameTime(time, value))) issue(['proposedTimes'], 'must include the first choice (startTime and endTime)');
  if (value.status !== undefined && value.status !== 'pending') issue(['status'], 'a request proposing several times is pending until the client picks one');
}

/** The admin request of the seed (POST /api/admin/appointments, action "create"). */
export const adminCreateBody = z
  .object({
    action: z.literal('create'),
    clientEmail: email,
    ...requestFields,
    ...adminFields,
    proposedTimes: z.optional(z
      .array(proposedTime).check(z.minLength(MIN_PROPOSED_TIMES, `propose at least ${MIN_PROPOSED_TIMES} times, or leave it out`), z.maxLength(MAX_PROPOSED_TIMES, `propose at most ${MAX_PROPOSED_TIMES} times`))).check(z.describe(`${MIN_PROPOSED_TIMES}–${MAX_PROPOSED_TIMES} times the client may choose from; startTime/endTime (the first choice) must be one of them. ` +
          'Every time is held against double booking (the client and the assigned admin) until the client confirms one with ' +
          'PUT /api/appointments/{id} {"status":"confirmed","startTime","endTime"}; the others are then released.')),
  }).check(z.superRefine(checkTimes), z.superRefine(checkProposals));

export type AdminCreateBody = z.output<typeof adminCreateBody>;

export const statsBody = z.object({
  action: z.literal('stats'),
  month: z.optional(z
    .string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'))),
});

export const adminUsersQuery = z.object({
  email: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1, 'type at least one character'), z.maxLength(254)),
  limit: limit(10),
});

/** POST /api/admin/appointments: one body per `action` (create: the admin request; stats: a month's figures). */
export const adminActionBody = z
  .discriminatedUnion('action', [adminCreateBody, statsBody], { error: 'must be create or stats' }).check(z.meta({ [MISSING_FIELDS_TOGETHER]: true }));
