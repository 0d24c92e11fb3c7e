import { ConcurrencyProfile } from '../availability/interval-index.ts';
import type { AppointmentStatus } from '../vocabulary.ts';
import { heldTimes, type ProposedTime } from './proposals.ts';

/**
 * Who is busy when. Each participant (client, assigned admin) has one schedule record per UTC day
 * listing the appointments that hold their time that day. Booking reads the records, checks here,
 * and writes them back on the condition that nobody changed them since: double booking is
 * impossible, not just unlikely.
 *
 * Buffers are part of it. An appointment booked on a weekly slot holds its admin's time with that
 * window's bufferBefore and bufferAfter, and the rule is the availability engine's
 * (shared/domain/availability/engine.ts): a new hold keeps `margin` = the larger of its two
 * buffers free on both sides (its own buffer on one side, the window's buffer around the
 * neighbour on the other), and every existing hold keeps its own buffers free. So of two
 * neighbours a buffer apart, whichever commits first refuses the other — in parallel too.
 */

export interface Hold {
  appointmentId: string;
  /** ISO instants. */
  start: string;
  end: string;
  /** How many appointments may overlap this one for this participant (a slot's maxAppointments). */
  capacity: number;
  /** Minutes kept free before and after it (the assigned admin's hold of a slot booking); absent = 0. */
  bufferBefore?: number;
  bufferAfter?: number;
  /** A visitor's unconfirmed hold (public booking) counts until this instant only; absent = for good. */
  expiresAt?: string;
}

/** Whether a hold still counts at `now`: every hold but a visitor's that was not confirmed in time. */
export const stillHeld = (hold: Hold, now: string) => hold.expiresAt === undefined || Date.parse(hold.expiresAt) > Date.parse(now);

export interface Participation {
  ownerId: string;
  hold: Hold;
}

export const DAY_MS = 86_400_000;

/** The UTC dates ([start, end)) an interval touches. */
export function daysOf(start: string, end: string): string[] {
  const days: string[] = [];
  const last = Date.parse(end) - 1;
  for (let t = Math.floor(Date.parse(start) / DAY_MS) * DAY_MS; t <= last; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const MINUTE_MS = 60_000;

interface Span {
  start: number;
  end: number;
}

const spanOf = (hold: { start: string; end: string }): Span => ({ start: Date.parse(hold.start), end: Date.parse(hold.end) });
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const iso = (ms: number) => new Date(ms).toISOString();

/** The larger of a hold's buffers, in ms: what it keeps free on both sides as a new hold. */
const marginOf = (hold: Hold) => Math.max(hold.bufferBefore ?? 0, hold.bufferAfter ?? 0) * MINUTE_MS;

/** The time a hold keeps to itself: its interval with its own buffers. Its schedule days are those this touches. */
export function blockedSpan(hold: Hold): { start: string; end: string } {
  return { start: iso(Date.parse(hold.start) - (hold.bufferBefore ?? 0) * MINUTE_MS), end: iso(Date.parse(hold.end) + (hold.bufferAfter ?? 0) * MINUTE_MS) };
}

/**
 * Where anything that could refuse `hold` is stored: its interval widened by its margin on both
 * sides (a neighbour's own buffers reach into the hold itself, and a hold is stored on every day
 * its own buffers touch). Checking a hold reads the schedule days this touches.
 */
export function checkedSpan(hold: Hold): { start: string; end: string } {
  const margin = marginOf(hold);
  return { start: iso(Date.parse(hold.start) - margin), end: iso(Date.parse(hold.end) + margin) };
}

/**
 * An existing hold as the candidate sees it: widened on each side by the larger of its own buffer
 * and the candidate's margin.
 */
function widenedFor(candidate: Hold, other: Hold): Span {
  const margin = marginOf(candidate);
  const { start, end } = spanOf(other);
  return {
    start: start - Math.max((other.bufferBefore ?? 0) * MINUTE_MS, margin),
    end: end + Math.max((other.bufferAfter ?? 0) * MINUTE_MS, margin),
  };
}

/**
 * Whether `candidate` fits among a participant's existing holds: at every instant it covers, the
 * appointments running there (itself included; each other one widened by the buffers as above)
 * must not exceed its capacity, nor the capacity of any existing appointment in its way.
 * Without buffers that is plain overlap: back-to-back appointments do not overlap.
 */
export function fits(candidate: Hold, existing: Hold[]): boolean {
  const own = spanOf(candidate);
  const others = existing
    .filter((h) => h.appointmentId !== candidate.appointmentId)
    .map((h) => ({ hold: h, span: widenedFor(candidate, h) }))
    .filter(({ span }) => overlaps(span, own));
  if (others.length === 0) return true;
  const limit = Math.min(candidate.capacity, ...others.map(({ hold }) => hold.capacity));
  // The same count as the availability engine's: how many run at once, not how many overlap.
  return new ConcurrencyProfile(others.map(({ span }) => span)).peak(own.start, own.end) + 1 <= limit;
}

/** Whether two holds are the same terms: a rewrite that keeps them has nothing to check. */
export function sameHold(a: Hold, b: Hold): boolean {
  return (
    a.appointmentId === b.appointmentId &&
    Date.parse(a.start) === Date.parse(b.start) &&
    Date.parse(a.end) === Date.parse(b.end) &&
    a.capacity === b.capacity &&
    (a.bufferBefore ?? 0) === (b.bufferBefore ?? 0) &&
    (a.bufferAfter ?? 0) === (b.bufferAfter ?? 0) &&
    a.expiresAt === b.expiresAt
  );
}

/**
 * The participants whose time an appointment holds, given its state: one hold per time it holds
 * (each proposed time of a pending request that offers several, proposals.ts). The buffers are
 * the assigned admin's (preparation and follow-up); the client's hold is the plain time.
 */
export function participationsOf(appointment: {
  id: string;
  userId: string;
  assignedAdminId?: string;
  startTime: string;
  endTime: string;
  status: AppointmentStatus;
  proposedTimes?: ProposedTime[];
  adminCapacity?: number;
  bufferBefore?: number;
  bufferAfter?: number;
}): Participation[] {
  const buffers = {
    ...(appointment.bufferBefore ? { bufferBefore: appointment.bufferBefore } : {}),
    ...(appointment.bufferAfter ? { bufferAfter: appointment.bufferAfter } : {}),
  };
  return heldTimes(appointment).flatMap(({ startTime, endTime }) => {
    const base = { appointmentId: appointment.id, start: startTime, end: endTime };
    if (appointment.assignedAdminId === appointment.userId) {
      // An admin booked on their own time: one hold, the admin's.
      return [{ ownerId: appointment.userId, hold: { ...base, capacity: 1, ...buffers } }];
    }
    const result: Participation[] = [{ ownerId: appointment.userId, hold: { ...base, capacity: 1 } }];
    if (appointment.assignedAdminId) {
      result.push({ ownerId: appointment.assignedAdminId, hold: { ...base, capacity: appointment.adminCapacity ?? 1, ...buffers } });
    }
    return result;
  });
}
