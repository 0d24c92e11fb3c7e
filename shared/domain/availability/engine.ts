/**
 * The availability engine: what can be booked, with whom, between two instants. Pure: the
 * caller reads the table and the clock and passes plain data; nothing here does I/O.
 */
import type { AvailabilityInput, BookableSlot, BookedInterval, BusyInterval, GovernedSlot } from './types.ts';
import { localDay, parseInstant, tryParseInstant } from './calendar.ts';
import { ConcurrencyProfile, OverlapDetector, type Interval } from './interval-index.ts';
import { expandAdminSchedule } from './weekly-windows.ts';
import { DAY_MS, MINUTE_MS } from './wall-clock.ts';
import { offsetTimeline } from './zone-offsets.ts';

/** Only these hold a place: a cancelled, completed or no-show appointment frees nothing up. */
const HOLDS_CAPACITY = new Set<BookedInterval['status']>(['pending', 'confirmed']);

/** An interval with the time its owner keeps free before and after it (ms). */
interface Padded extends Interval {
  before: number;
  after: number;
}

function ownBuffer(minutes: number | undefined, name: string): number {
  if (minutes === undefined) return 0;
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`${name} must be a non-negative number of minutes, got ${minutes}`);
  return minutes * MINUTE_MS;
}

/**
 * Instants of the intervals per owner, grouped in one pass. An interval ending before it starts
 * is malformed and ignored (the concurrency profile relies on start <= end).
 */
function intervalsByOwner<T extends { startTime: string; endTime: string; bufferBefore?: number; bufferAfter?: number }>(items: readonly T[], ownerOf: (item: T) => string | undefined) {
  const byOwner = new Map<string, Padded[]>();
  for (const item of items) {
    const owner = ownerOf(item);
    if (owner === undefined) continue;
    const start = parseInstant(item.startTime, 'interval start');
    const end = parseInstant(item.endTime, 'interval end');
    if (end < start) continue;
    let list = byOwner.get(owner);
    if (!list) byOwner.set(owner, (list = []));
    list.push({ start, end, before: ownBuffer(item.bufferBefore, 'bufferBefore'), after: ownBuffer(item.bufferAfter, 'bufferAfter') });
  }
  return byOwner;
}

/**
 * What a candidate of a window keeping `margin` free around it (the larger of its two buffers)
 * may not overlap: each appointment widened by the larger of its own buffer and the margin, on
 * each side. See the buffer rule in computeGovernedSlots.
 */
function widened(intervals: readonly Padded[], margin: number): Interval[] {
  return intervals.map(({ start, end, before, after }) => ({ start: start - Math.max(before, margin), end: end + Math.max(after, margin) }));
}

/** start, start + length, … while before `upper` and ending by `windowEnd`. */
function* stepped(first: number, upper: number, length: number, windowEnd: number): Generator<number> {
  for (let start = first; start < upper && start + length <= windowEnd; start += length) yield start;
}

/** Sort order of the output: start, then admin, then end (two lengths may share a start). */
function compareSlots(a: { start: number; end: number; adminId: string }, b: { start: number; end: number; adminId: string }) {
  return a.start - b.start || (a.adminId < b.adminId ? -1 : a.adminId > b.adminId ? 1 : 0) || a.end - b.end;
}

interface Candidate {
  start: number;
  end: number;
  adminId: string;
  remaining: number;
  capacity: number;
  bufferBefore: number;
  bufferAfter: number;
}

/** Every offered slot with the capacity that governs it, sorted; computeAvailability drops the capacity. */
export function computeGovernedSlots(input: AvailabilityInput): GovernedSlot[] {
  const now = parseInstant(input.now, 'now');
  if (!Number.isFinite(input.minimumNoticeMinutes) || !Number.isFinite(input.horizonDays)) throw new RangeError('minimumNoticeMinutes and horizonDays must be numbers');
  // Range [from, to), minimum notice (start >= now + notice) and horizon (start < now + N × 24 h)
  // all bound the start, so they combine into one half-open span of allowed starts.
  const lower = Math.max(parseInstant(input.from, 'from'), now + input.minimumNoticeMinutes * MINUTE_MS);
  const upper = Math.min(parseInstant(input.to, 'to'), now + input.horizonDays * DAY_MS);
  if (!(lower < upper)) return [];

  const product = input.product;
  // Checked here as well as per slot: an exception's extra window may use it with no slot at all,
  // and a zero length would never advance.
  if (product && (!Number.isInteger(product.durationMinutes) || product.durationMinutes <= 0)) {
    throw new RangeError(`Product ${product.id}: durationMinutes must be a positive whole number, got ${product.durationMinutes}`);
  }
  const admins = input.admins.filter((admin) => input.adminId === undefined || admin.id === input.adminId);
  const adminIds = new Set(admins.map((admin) => admin.id));
  // Only pending and confirmed appointments of the admins asked about consume capacity; an
  // unassigned one belongs to no admin's calendar yet.
  const booked = intervalsByOwner(input.appointments, (appointment: BookedInterval) =>
    HOLDS_CAPACITY.has(appointment.status) && appointment.assignedAdminId !== undefined && adminIds.has(appointment.assignedAdminId) ? appointment.assignedAdminId : undefined,
  );
  const busy = intervalsByOwner(input.busy, (block: BusyInterval) => (adminIds.has(block.ownerId) ? block.ownerId : undefined));

  const candidates: Candidate[] = [];
  for (const admin of admins) {
    // Margins of three days cover the ±14 h between a zone's calendar and UTC, the
    // wall-clock conversion's look-around of a day, and the day before the first start.
    const offsetAt = offsetTimeline(admin.timezone, lower - 3 * DAY_MS, upper + 3 * DAY_MS);
    const { windows, blocks } = expandAdminSchedule({
      // Only active slots count; with a product, only its own slots and those for any product.
      slots: input.slots.filter((slot) => slot.userId === admin.id && slot.isActive && (!product || !slot.productId || slot.productId === product.id)),
      exceptions: input.exceptions.filter((exception) => exception.userId === admin.id),
      productMinutes: product?.durationMinutes,
      // A window starts on its own date, so candidates in [lower, upper) come from windows dated
      // between the local dates of the two bounds; one day either side is cheap insurance.
      firstDay: localDay(lower, offsetAt) - 1,
      lastDay: localDay(upper, offsetAt) + 1,
      offsetAt,
    });
    const exceptionBlocks = new OverlapDetector(blocks);
    const busyBlocks = new OverlapDetector(busy.get(admin.id) ?? []);
    const adminBooked = booked.get(admin.id) ?? [];
    // One profile per margin in use (an admin's windows share a few buffer settings).
    const profiles = new Map<number, ConcurrencyProfile>();
    const appointmentsAround = (margin: number) => {
      let profile = profiles.get(margin);
      if (!profile) profiles.set(margin, (profile = new ConcurrencyProfile(widened(adminBooked, margin))));
      return profile;
    };

    for (const window of windows) {
      const { length, bufferBefore, bufferAfter, capacity } = window;
      // Buffers: a candidate [s, e) keeps its own bufferBefore and bufferAfter free, and the
      // window's buffers apply around everything else the admin has (an appointment booked
      // elsewhere, an imported busy block) as well; an appointment keeps its own buffers free
      // too. Before and after a candidate that is max(bufferBefore, bufferAfter) — the margin —
      // or the neighbouring appointment's own buffer when larger. The rule is symmetric: of two
      // neighbours of one window, whichever is booked first takes the other away, so the order
      // of bookings (or of two parallel ones) never matters; the schedule days apply the same
      // rule atomically at write time (shared/domain/appointments/schedule.ts).
      const margin = Math.max(bufferBefore, bufferAfter);
      const appointments = appointmentsAround(margin);
      // Candidates step every `length` from the window start and must end within the window;
      // the first one considered is the first at or after `lower`. On a DST day the window lists
      // its starts on the local grid instead (weekly-windows.ts, gridStarts).
      const skip = Math.max(0, Math.ceil((lower - window.start) / length));
      const starts = window.starts?.filter((start) => start >= lower && start < upper) ?? stepped(window.start + skip * length, upper, length, window.end);
      for (const start of starts) {
        const end = start + length;
        // An exception's blocked range removes every candidate it overlaps (no buffers: the
        // admin blocked the time itself, not preparation around someone else's booking).
        if (exceptionBlocks.overlaps(start, end)) continue;
        // A busy block within the margin hides the candidate. Capacity limits how many
        // appointments (each widened as above) are in progress at the same instant of the
        // candidate, not how many overlap it: 09:00-09:30 and 09:30-10:00 leave one place of two
        // in 09:00-10:00. The schedule days' check (schedule.ts `fits`) counts the same way.
        if (busyBlocks.overlaps(start - margin, end + margin)) continue;
        const remaining = capacity - appointments.peak(start, end);
        if (remaining > 0) candidates.push({ start, end, adminId: admin.id, remaining, capacity, bufferBefore, bufferAfter });
      }
    }
  }

  // Two windows of one admin covering the same time must not offer the same slot twice. Among
  // offered duplicates the larger capacity governs (then the larger remaining, when capacities
  // tie, then the larger buffers: a booking never holds less than a window offering it asks).
  candidates.sort(
    (a, b) =>
      compareSlots(a, b) ||
      b.capacity - a.capacity ||
      b.remaining - a.remaining ||
      Math.max(b.bufferBefore, b.bufferAfter) - Math.max(a.bufferBefore, a.bufferAfter) ||
      b.bufferBefore - a.bufferBefore ||
      b.bufferAfter - a.bufferAfter,
  );
  const slots: GovernedSlot[] = [];
  let previous: Candidate | undefined;
  for (const candidate of candidates) {
    if (previous && compareSlots(previous, candidate) === 0) continue;
    previous = candidate;
    slots.push({
      startTime: new Date(candidate.start).toISOString(),
      endTime: new Date(candidate.end).toISOString(),
      adminId: candidate.adminId,
      remaining: candidate.remaining,
      capacity: candidate.capacity,
      bufferBefore: candidate.bufferBefore / MINUTE_MS,
      bufferAfter: candidate.bufferAfter / MINUTE_MS,
    });
  }
  return slots;
}

/** Bookable slots whose start is in [from, to), sorted by start, then admin, then end. */
export function computeAvailability(input: AvailabilityInput): BookableSlot[] {
  return computeGovernedSlots(input).map(({ capacity: _capacity, bufferBefore: _before, bufferAfter: _after, ...slot }) => slot);
}

/**
 * For booking: is exactly this start offered (by this admin, when given), and under which
 * capacity. input.from/to are ignored (the question is about one instant); an adminId here and
 * one in the input must both hold. When several slots qualify (several admins, or several lengths
 * without a product) the first in output order is returned: the lowest admin id, then the
 * shortest.
 */
export function findSlot(input: AvailabilityInput, startTime: string, adminId?: string): GovernedSlot | undefined {
  const start = tryParseInstant(startTime);
  if (start === undefined) return undefined;
  if (adminId !== undefined && input.adminId !== undefined && adminId !== input.adminId) return undefined;
  const [slot] = computeGovernedSlots({
    ...input,
    from: new Date(start).toISOString(),
    to: new Date(start + 1).toISOString(),
    adminId: adminId ?? input.adminId,
  });
  return slot;
}
