import { TZDate } from '@date-fns/tz';
import * as z from 'zod/mini';
import { config } from '../config.ts';
import { cents, currency, id, instant, text, timezone, title } from './fields.ts';

/**
 * Products, weekly slots, exceptions and the public availability query. Everything the engine
 * reads is validated here, strictly, when it is written: the engine throws on malformed data.
 */

/** The longest range GET /api/availability answers (a quarter, with room for month ends). */
export const MAX_RANGE_DAYS = 93;

const START = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** HH:mm → minutes after midnight (24:00 → 1440). Only for strings the regexes above accepted. */
export function minuteOfDay(time: string): number {
  return time === '24:00' ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const startTime = z.string().check(z.regex(START, 'must be a time HH:mm from 00:00 to 23:59'));
const endTime = z.string().check(z.regex(END, 'must be a time HH:mm from 00:01 to 24:00 (end of the day)'));
const minutes = (min: number, max: number) =>
  z.number({ error: `must be a whole number of minutes from ${min} to ${max}` }).check(z.int(`must be a whole number of minutes from ${min} to ${max}`), z.gte(min, `must be ${min} to ${max} minutes`), z.lte(max, `must be ${min} to ${max} minutes`));
const slotMinutes = minutes(5, 720);
const buffer = minutes(0, 240);
const capacity = z.number({ error: 'must be a whole number from 1 to 50' }).check(z.int('must be a whole number from 1 to 50'), z.gte(1, 'must be 1 to 50'), z.lte(50, 'must be 1 to 50'));
const weekday = z.number({ error: 'must be 0 (Sunday) to 6 (Saturday)' }).check(z.int('must be 0 (Sunday) to 6 (Saturday)'), z.gte(0, 'must be 0 (Sunday) to 6 (Saturday)'), z.lte(6, 'must be 0 (Sunday) to 6 (Saturday)'));
/** YYYY-MM-DD, a real date (2026-02-30 is refused). */
export const calendarDate = z.iso.date({ error: 'must be a real date YYYY-MM-DD' });

function endAfterStart(value: { startTime?: string; endTime?: string }, ctx: z.core.$RefinementCtx) {
  if (value.startTime === undefined || value.endTime === undefined) return false;
  if (minuteOfDay(value.endTime) <= minuteOfDay(value.startTime)) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must be after startTime (windows do not cross midnight)' });
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Products

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** /book/<these>/ are the site's own pages (infra/site/rewrite.js), so no product's link can be one. */
export const RESERVED_SLUGS = ['confirm', 'manage', 'view'] as const;
export const productSlug = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(60, 'must be at most 60 characters'),
    z.regex(SLUG, 'must be lower-case letters, digits and single hyphens, such as "first-consultation"'),
    z.refine((slug) => !(RESERVED_SLUGS as readonly string[]).includes(slug), `is taken by the site's own pages (${RESERVED_SLUGS.join(', ')})`),
  );

const productFields = {
  name: title,
  description: z.optional(text(2000)),
  durationMinutes: slotMinutes,
  /** Cents; 0 makes bookings of type free, more makes them paid at this price. */
  price: z._default(cents, 0),
  currency: z._default(currency, 'EUR'),
  active: z._default(z.boolean(), true),
  /** The product's public link, /book/<slug>/: lower-case letters, digits and single hyphens. */
  slug: z.optional(productSlug),
  /** Offered to visitors without an account on /book/ (public booking). */
  isPublic: z._default(z.boolean(), false),
  /** A public booking waits for the team's confirmation (pending); otherwise it is confirmed at once. */
  requiresConfirmation: z._default(z.boolean(), true),
};

export const productBody = z.strictObject(productFields);
export type ProductBody = z.output<typeof productBody>;

export const productPatch = z.strictObject({
  name: z.optional(title),
  description: z.optional(z.nullable(text(2000))),
  durationMinutes: z.optional(slotMinutes),
  price: z.optional(cents),
  currency: z.optional(currency),
  active: z.optional(z.boolean()),
  slug: z.optional(z.nullable(productSlug)),
  isPublic: z.optional(z.boolean()),
  requiresConfirmation: z.optional(z.boolean()),
});
export type ProductPatch = z.output<typeof productPatch>;

// ---------------------------------------------------------------------------------------------
// Weekly slots

const slotShape = {
  /** 0 = Sunday … 6 = Saturday, in the owner's profile time zone. */
  dayOfWeek: weekday,
  startTime,
  endTime,
  /** Slot length in minutes; a booking of a product uses the product's duration instead. */
  duration: slotMinutes,
  bufferBefore: z._default(buffer, 0),
  bufferAfter: z._default(buffer, 0),
  maxAppointments: z._default(capacity, 1),
  isActive: z._default(z.boolean(), true),
  /** Only this product's bookings; without it the window serves every product. */
  productId: z.optional(id),
};

function checkSlot(value: { startTime: string; endTime: string; duration: number }, ctx: z.core.$RefinementCtx) {
  if (!endAfterStart(value, ctx)) return;
  if (minuteOfDay(value.endTime) - minuteOfDay(value.startTime) < value.duration) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: `the window must hold at least one slot of ${value.duration} minutes` });
  }
}

/** A whole slot: POST, and a PUT once merged with the stored one. */
export const slotBody = z.strictObject(slotShape).check(z.superRefine(checkSlot));
export type SlotBody = z.output<typeof slotBody>;

export const slotPatch = z.strictObject({
  dayOfWeek: z.optional(weekday),
  startTime: z.optional(startTime),
  endTime: z.optional(endTime),
  duration: z.optional(slotMinutes),
  bufferBefore: z.optional(buffer),
  bufferAfter: z.optional(buffer),
  maxAppointments: z.optional(capacity),
  isActive: z.optional(z.boolean()),
  /** null: the window serves every product again. */
  productId: z.optional(z.nullable(id)),
});
export type SlotPatch = z.output<typeof slotPatch>;

// ---------------------------------------------------------------------------------------------
// Exceptions

const exceptionShape = {
  /** The date in the owner's profile time zone. */
  date: calendarDate,
  /** false: blocked (the whole date, or only startTime–endTime); true: an extra window that date. */
  isAvailable: z.boolean({ error: 'is required: false blocks time, true adds a window' }),
  startTime: z.optional(startTime),
  endTime: z.optional(endTime),
  /** Shown to the admin only, e.g. "Vacation", "Holiday". */
  reason: z.optional(text(200)),
};

function checkException(value: { isAvailable: boolean; startTime?: string; endTime?: string }, ctx: z.core.$RefinementCtx) {
  const times = [value.startTime, value.endTime].filter((t) => t !== undefined).length;
  if (times === 1) {
    ctx.addIssue({ code: 'custom', path: [value.startTime === undefined ? 'startTime' : 'endTime'], message: 'give both startTime and endTime, or neither (the whole date)' });
    return;
  }
  if (value.isAvailable && times === 0) {
    ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'an extra window (isAvailable: true) needs startTime and endTime' });
    return;
  }
  endAfterStart(value, ctx);
}

export const exceptionBody = z.strictObject(exceptionShape).check(z.superRefine(checkException));
export type ExceptionBody = z.output<typeof exceptionBody>;

export const exceptionPatch = z.strictObject({
  date: z.optional(calendarDate),
  isAvailable: z.optional(z.boolean()),
  /** null on both: the exception covers the whole date again. */
  startTime: z.optional(z.nullable(startTime)),
  endTime: z.optional(z.nullable(endTime)),
  reason: z.optional(z.nullable(text(200))),
});
export type ExceptionPatch = z.output<typeof exceptionPatch>;

// ---------------------------------------------------------------------------------------------
// Public availability

/** A date-time with an offset, or a bare date meaning its midnight in the query's time zone. */
const bound = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO 8601 date (YYYY-MM-DD, midnight in `timezone`) or date-time with an offset',
});

/** The instant a bound names: a date is its midnight in `zone` (the first instant of it, on a DST gap). */
function boundInstant(value: string, zone: string): string {
  if (value.length !== 10) return new Date(value).toISOString();
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(+new TZDate(year, month - 1, day, zone)).toISOString();
}

export const availabilityQuery = z.pipe(z
  .object({
    /** Slots starting in [from, to). */
    from: bound,
    to: bound,
    /** Slot length = this product's duration, only windows serving it. */
    productId: z.optional(id),
    adminId: z.optional(id),
    /** How `days` groups the slots, and what bare dates in from/to mean. Default: the business's zone. */
    timezone: z.optional(timezone),
  }), z.transform(({ from, to, timezone: zone = config().DEFAULT_TIMEZONE, ...rest }) => ({
    ...rest,
    timezone: zone,
    from: boundInstant(from, zone),
    to: boundInstant(to, zone),
  }))).check(z.superRefine((value, ctx) => {
    const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
    if (days <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range is at most ${MAX_RANGE_DAYS} days` });
  }));
export type AvailabilityQuery = z.output<typeof availabilityQuery>;

/** The most admins drawn at once behind the admin calendar. */
export const MAX_TEAM_ADMINS = 10;
/** A month view with its neighbouring weeks: the longest range the admin calendar draws. */
export const MAX_TEAM_RANGE_DAYS = 42;

/** GET /api/admin/availability/team: the visible range of the admin calendar, and whose schedule to draw. */
export const teamAvailabilityQuery = z
  .object({
    from: instant,
    to: instant,
    /** Comma-separated admin ids; the caller when absent. */
    adminIds: z.pipe(z.pipe(z.optional(z
      .string()), z.transform((value) => (value ? [...new Set(value.split(',').map((part) => part.trim()).filter(Boolean))] : undefined))), z.optional(z.array(id).check(z.minLength(1, 'name at least one admin'), z.maxLength(MAX_TEAM_ADMINS, `at most ${MAX_TEAM_ADMINS} admins at once`)))),
  }).check(z.superRefine((value, ctx) => {
    const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
    if (days <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (days > MAX_TEAM_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range is at most ${MAX_TEAM_RANGE_DAYS} days` });
  }));
export type TeamAvailabilityQuery = z.output<typeof teamAvailabilityQuery>;

const timeSpan = z.object({ startTime: z.string().check(z.describe('UTC instant')), endTime: z.string().check(z.describe('UTC instant')) });

/** One admin's schedule over the range (shared/domain/availability/team-schedule.ts). */
export const teamScheduleView = z.object({
  adminId: z.string(),
  working: z.array(timeSpan).check(z.describe('Weekly and extra windows, less time off')),
  timeOff: z.array(timeSpan).check(z.describe('Exceptions blocking dates or hours')),
  busy: z.array(timeSpan).check(z.describe('Busy time in connected Google or Outlook calendars')),
});

export const idParams = z.object({ id });

export const PRODUCT_FIELDS = Object.keys(productFields) as Array<keyof typeof productFields>;
export const SLOT_FIELDS = Object.keys(slotShape) as Array<keyof typeof slotShape>;
export const EXCEPTION_FIELDS = Object.keys(exceptionShape) as Array<keyof typeof exceptionShape>;

/**
 * A PUT: the stored record's editable `fields` with the patch applied (null removes a field, an
 * absent one keeps its value). The result is then validated whole, like a POST body.
 */
export function patched(stored: object, fields: readonly string[], patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const value = patch[field] !== undefined ? patch[field] : (stored as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) result[field] = value;
  }
  return result;
}
