import { utcBound } from './instants.ts';
import { MAX_APPOINTMENT_MINUTES } from '../api/appointments.ts';
import { config } from '../config.ts';
import { computeAvailability, findSlot, groupByDay } from '../domain/availability/index.ts';
import type { AvailabilityInput, BookedInterval, BusyInterval, GovernedSlot } from '../domain/availability/index.ts';
import type { TeamScheduleInput } from '../domain/availability/team-schedule.ts';
import { Conflict, Failure, InvalidInput, NotFound, SLOT_NOT_OFFERED, SlotTaken } from '../errors.ts';
import { logger } from '../logger.ts';
import { busyBlocksOverlapping } from './busy-blocks.ts';
import { PRODUCT_NOT_FOUND, type ProductItem } from './products.ts';
import { db } from './service.ts';
import { availabilityCollection } from './collections.ts';
import type { ExceptionItem } from './exceptions.ts';
import type { SlotItem } from './slots.ts';
import type { PublicHoldItem } from './public-holds.ts';

/**
 * What the availability engine needs, read in THREE requests whatever the range: one Query of the
 * `availability` collection (every admin's slots and exceptions, and the products), one Query of
 * appointments by start time, one Query of busy blocks by start time. Each Query reads every page
 * of its bounded range: a range holding more than 1 MB of items (several thousand appointments)
 * costs one more request per MB.
 */

const MINUTE_MS = 60_000;
/** Write-time limits (shared/api): the longest slot, the largest buffer, the longest appointment. */
const MAX_SLOT_MS = 720 * MINUTE_MS;
const MAX_BUFFER_MS = 240 * MINUTE_MS;
const MAX_APPOINTMENT_MS = MAX_APPOINTMENT_MINUTES * MINUTE_MS;

export interface AvailabilityData {
  products: ProductItem[];
  slots: SlotItem[];
  exceptions: ExceptionItem[];
  /** Every admin with a slot or an exception, in the zone their latest one was written in. */
  admins: Array<{ id: string; timezone: string }>;
  appointments: BookedInterval[];
  busy: BusyInterval[];
}

/** Starts the engine may offer: [from, to) within [now + minimum notice, now + horizon). */
export function bookableSpan(from: string, to: string, now: string): { from: string; to: string } | undefined {
  const { MIN_NOTICE_MINUTES, BOOKING_HORIZON_DAYS } = config();
  const lower = Math.max(Date.parse(from), Date.parse(now) + MIN_NOTICE_MINUTES * MINUTE_MS);
  const upper = Math.min(Date.parse(to), Date.parse(now) + BOOKING_HORIZON_DAYS * 1440 * MINUTE_MS);
  return lower < upper ? { from: new Date(lower).toISOString(), to: new Date(upper).toISOString() } : undefined;
}

function adminZones(items: ReadonlyArray<{ userId: string; timezone: string; updatedAt: string }>) {
  const latest = new Map<string, { timezone: string; updatedAt: string }>();
  for (const item of items) {
    const seen = latest.get(item.userId);
    if (!seen || item.updatedAt > seen.updatedAt) latest.set(item.userId, item);
  }
  return [...latest].map(([id, { timezone }]) => ({ id, timezone }));
}

/**
 * Pending and confirmed appointments that can touch a slot starting in [from, to): they end after
 * from − the largest buffer and start before to + the longest slot + the largest buffer (the
 * window's or the appointment's own, both at most 4 h), with their own buffers. Uses
 * `appointment.byAdmin` for one admin, `appointment.byTime` for all.
 */
async function holdingAppointments(from: string, to: string, adminId: string | undefined, excludeId?: string): Promise<Array<BookedInterval & { id: string }>> {
  const entity = db().entities.appointment;
  const after = new Date(Date.parse(utcBound(from, 'from')) - MAX_BUFFER_MS).toISOString();
  const before = new Date(Date.parse(utcBound(to, 'to')) + MAX_SLOT_MS + MAX_BUFFER_MS).toISOString();
  const earliest = { startTime: new Date(Date.parse(after) - MAX_APPOINTMENT_MS).toISOString() };
  const query = adminId ? entity.query.byAdmin({ assignedAdminId: adminId }).between(earliest, { startTime: before }) : entity.query.byTime({}).between(earliest, { startTime: before });
  const { data } = await query
    .where((attr, op) => `${op.gt(attr.endTime, after)} AND ${op.lt(attr.startTime, before)} AND (${op.eq(attr.status, 'pending')} OR ${op.eq(attr.status, 'confirmed')})`)
    .go({ pages: 'all', attributes: ['id', 'assignedAdminId', 'startTime', 'endTime', 'status', 'bufferBefore', 'bufferAfter'] });
  return excludeId === undefined ? data : data.filter((appointment) => appointment.id !== excludeId);
}

/**
 * Loads the engine's inputs for slots starting in [from, to) as of `now` (see the module comment).
 * `excludeAppointmentId`: an appointment being moved, which must not take capacity from itself.
 */
export async function loadAvailability(request: { from: string; to: string; now: string; adminId?: string; excludeAppointmentId?: string }): Promise<AvailabilityData> {
  const span = bookableSpan(request.from, request.to, request.now);
  const [collection, appointments, busy] = await Promise.all([
    availabilityCollection().go({ pages: 'all' }),
    // Nothing can be offered outside the span: then neither query is worth a request.
    span ? holdingAppointments(span.from, span.to, request.adminId, request.excludeAppointmentId) : [],
    span ? busyBlocksOverlapping(new Date(Date.parse(span.from) - MAX_BUFFER_MS).toISOString(), new Date(Date.parse(span.to) + MAX_SLOT_MS + MAX_BUFFER_MS).toISOString(), request.adminId) : [],
  ]);
  const { appointmentSlot: slots, appointmentException: exceptions, product: products, publicHold: holds } = collection.data;
  return { products, slots, exceptions, admins: adminZones([...slots, ...exceptions]), appointments: [...appointments, ...heldByVisitors(holds, appointments, request)], busy };
}

/**
 * Visitors' holds (public booking) still within their time take capacity like a pending booking;
 * a hold already confirmed is its appointment (same id), counted once; the one being confirmed
 * (`excludeAppointmentId`) does not count against itself.
 */
function heldByVisitors(holds: PublicHoldItem[], appointments: ReadonlyArray<{ id: string }>, request: { now: string; excludeAppointmentId?: string }): Array<BookedInterval & { id: string }> {
  const booked = new Set(appointments.map((appointment) => appointment.id));
  return holds
    .filter((hold) => Date.parse(hold.expiresAt) > Date.parse(request.now) && hold.id !== request.excludeAppointmentId && !booked.has(hold.id))
    .map((hold) => ({
      id: hold.id,
      assignedAdminId: hold.assignedAdminId,
      startTime: hold.startTime,
      endTime: hold.endTime,
      status: 'pending' as const,
      ...(hold.bufferBefore ? { bufferBefore: hold.bufferBefore } : {}),
      ...(hold.bufferAfter ? { bufferAfter: hold.bufferAfter } : {}),
    }));
}

/**
 * What the admin calendar draws behind the appointments for [from, to): every admin's slots and
 * exceptions (one Query of the `availability` collection) and the busy blocks of `adminIds` (one
 * Query by time), read in parallel. An admin with neither slot nor exception has no working time
 * to draw: their zone does not matter, UTC stands in.
 */
export async function loadTeamSchedule(request: { from: string; to: string; adminIds: readonly string[] }): Promise<TeamScheduleInput> {
  const wanted = new Set(request.adminIds);
  const [collection, busy] = await Promise.all([
    availabilityCollection().go({ pages: 'all' }),
    busyBlocksOverlapping(request.from, request.to, request.adminIds.length === 1 ? request.adminIds[0] : undefined),
  ]);
  const { appointmentSlot: slots, appointmentException: exceptions } = collection.data;
  const zones = new Map(adminZones([...slots, ...exceptions]).map((admin) => [admin.id, admin.timezone]));
  return {
    from: request.from,
    to: request.to,
    admins: request.adminIds.map((id) => ({ id, timezone: zones.get(id) ?? 'UTC' })),
    slots: slots.filter((slot) => wanted.has(slot.userId)),
    exceptions: exceptions.filter((exception) => wanted.has(exception.userId)),
    busy: busy.filter((block) => wanted.has(block.ownerId)),
  };
}

/** The engine's input: the loaded data, the request, and the configured notice and horizon. */
export function availabilityInput(
  data: AvailabilityData,
  request: { from: string; to: string; now: string; product?: { id: string; durationMinutes: number }; adminId?: string },
): AvailabilityInput {
  return {
    from: request.from,
    to: request.to,
    now: request.now,
    minimumNoticeMinutes: config().MIN_NOTICE_MINUTES,
    horizonDays: config().BOOKING_HORIZON_DAYS,
    admins: data.admins,
    slots: data.slots,
    exceptions: data.exceptions,
    appointments: data.appointments,
    busy: data.busy,
    ...(request.product ? { product: { id: request.product.id, durationMinutes: request.product.durationMinutes } } : {}),
    ...(request.adminId ? { adminId: request.adminId } : {}),
  };
}

/**
 * Runs the engine, which throws RangeError on malformed stored data. Writes validate everything,
 * so this is a bug or a hand-edited item: log what the engine said and answer 500, never a crash
 * without a trace.
 */
function runEngine<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    logger.error('availability engine refused stored data', { error });
    throw new Failure('Availability could not be computed');
  }
}

function activeProduct(data: AvailabilityData, id: string | undefined): ProductItem | undefined {
  return id === undefined ? undefined : data.products.find((product) => product.id === id && product.active);
}

/** GET /api/availability: bookable slots starting in [from, to), and the same grouped by day in `timezone`. */
export async function publicAvailability(request: { from: string; to: string; now: string; timezone: string; productId?: string; adminId?: string }) {
  const data = await loadAvailability(request);
  const product = activeProduct(data, request.productId);
  if (request.productId && !product) throw new NotFound(PRODUCT_NOT_FOUND);
  const slots = runEngine(() => computeAvailability(availabilityInput(data, { ...request, product })));
  return { slots, days: runEngine(() => groupByDay(slots, request.timezone)) };
}


/**
 * The slot the engine offers for `product` at exactly `startTime` (with `adminId`, or the first
 * admin offering it). A start the schedule offers but appointments fill answers like a lost race
 * at write time ("Time slot is not available"); any other start is "no longer available".
 */
function offeredSlot(data: AvailabilityData, product: ProductItem, request: { startTime: string; adminId?: string; now: string }): GovernedSlot {
  const { startTime, adminId, now } = request;
  const to = new Date(Date.parse(startTime) + 1).toISOString();
  const input = availabilityInput(data, { from: startTime, to, now, product, adminId });
  const slot = runEngine(() => findSlot(input, startTime, adminId));
  if (slot) return slot;
  if (runEngine(() => findSlot({ ...input, appointments: [] }, startTime, adminId))) throw new SlotTaken();
  throw new Conflict(SLOT_NOT_OFFERED, [{ path: 'body.startTime', message: 'not a bookable start for this product; GET /api/availability lists them' }]);
}

/**
 * The slot a booking of `productId` at `startTime` would take (with `adminId`, or the first admin
 * offering it), checked against the same data as the public route; writeAppointment then
 * enforces the capacity atomically.
 */
export async function slotToBook(request: {
  productId: string;
  startTime: string;
  adminId?: string;
  now: string;
  /** A visitor's hold being confirmed: it does not take the place it holds. */
  holdId?: string;
}): Promise<{ product: ProductItem; slot: GovernedSlot }> {
  const { productId, startTime, adminId, now, holdId } = request;
  const data = await loadAvailability({ from: startTime, to: new Date(Date.parse(startTime) + 1).toISOString(), now, adminId, ...(holdId ? { excludeAppointmentId: holdId } : {}) });
  const product = activeProduct(data, productId);
  if (!product) throw new InvalidInput('Invalid request: body.productId: no active product has this id', [{ path: 'body.productId', message: 'no active product has this id' }]);
  return { product, slot: offeredSlot(data, product, request) };
}

/**
 * Where a product booking being moved (new start, another admin, or reopened) would land: the
 * same rules as a new booking, except that the appointment does not count against itself and a
 * product deactivated since still has its windows. A product deleted since offers nothing.
 * Same three Queries as a booking.
 */
export async function slotToReschedule(request: { appointmentId: string; productId: string; startTime: string; adminId?: string; now: string }): Promise<{ product: ProductItem; slot: GovernedSlot }> {
  const { appointmentId, productId, startTime, adminId, now } = request;
  const data = await loadAvailability({ from: startTime, to: new Date(Date.parse(startTime) + 1).toISOString(), now, adminId, excludeAppointmentId: appointmentId });
  const product = data.products.find((candidate) => candidate.id === productId);
  if (!product) {
    throw new Conflict(SLOT_NOT_OFFERED, [{ path: 'body.startTime', message: "this appointment's product no longer exists, so no slot offers it; an admin may set overrideAvailability" }]);
  }
  return { product, slot: offeredSlot(data, product, { startTime, now, ...(adminId ? { adminId } : {}) }) };
}
