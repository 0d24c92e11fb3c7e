import { holdsTime } from './status.ts';
import { blockedSpan, checkedSpan, daysOf, fits, participationsOf, sameHold, stillHeld, type Hold, type Participation } from './schedule.ts';
import type { AppointmentFields } from './compose.ts';

/** One participant's schedule record for one UTC day. */
export interface DayRef {
  ownerId: string;
  day: string;
}

export const dayKey = (ownerId: string, day: string) => `${ownerId}|${day}`;

const daysOfSpan = (span: { start: string; end: string }) => daysOf(span.start, span.end);

type Planned = Pick<AppointmentFields, 'id' | 'userId' | 'assignedAdminId' | 'startTime' | 'endTime' | 'proposedTimes' | 'status' | 'adminCapacity' | 'bufferBefore' | 'bufferAfter'>;

/** A participant's new hold, and whether it must be checked against its neighbours (a hold kept as it was is not). */
export interface Taking {
  ownerId: string;
  hold: Hold;
  check: boolean;
}

export interface BookingPlan {
  taking: Taking[];
  /** The days whose holds change: written, on the condition they did not change since read. */
  written: Map<string, DayRef>;
  /** Days read only to check a new hold against its neighbours' buffers: condition-checked, not written. */
  checkedOnly: Map<string, DayRef>;
  toRead: DayRef[];
}

/**
 * The schedule days a write of `next` over `before` touches. A hold is stored on every day its
 * buffers touch; checking a new or moved hold also reads the days its margin reaches
 * (schedule.ts). A hold the write keeps as it was (a confirmation, a new title) is not checked
 * again: it was checked when it was placed.
 */
export function bookingPlan(before: Planned | undefined, next: Planned | undefined): BookingPlan {
  return planParticipations(before && holdsTime(before.status) ? participationsOf(before) : [], next && holdsTime(next.status) ? participationsOf(next) : []);
}

/** The same for any holds released and taken (a visitor's hold of a public booking takes only its admin's time). */
export function planParticipations(releasing: Participation[], takingAll: Participation[]): BookingPlan {
  const taking = takingAll.map((p) => ({
    ...p,
    check: !releasing.some((r) => r.ownerId === p.ownerId && sameHold(r.hold, p.hold)),
  }));
  const written = new Map<string, DayRef>();
  for (const { ownerId, hold } of [...releasing, ...taking]) {
    for (const day of daysOfSpan(blockedSpan(hold))) written.set(dayKey(ownerId, day), { ownerId, day });
  }
  const checkedOnly = new Map<string, DayRef>();
  for (const { ownerId, hold, check } of taking) {
    if (!check) continue;
    for (const day of daysOfSpan(checkedSpan(hold))) {
      const key = dayKey(ownerId, day);
      if (!written.has(key)) checkedOnly.set(key, { ownerId, day });
    }
  }
  return { taking, written, checkedOnly, toRead: [...written.values(), ...checkedOnly.values()] };
}

/**
 * The holds each written day gets once `appointmentId` is placed as planned, given the stored holds
 * (by dayKey); `taken` when a hold to check does not fit among its neighbours. A visitor's hold
 * that lapsed before `now` no longer counts, and leaves the days this writes.
 */
export function placeHolds(
  plan: BookingPlan,
  appointmentId: string,
  storedHolds: ReadonlyMap<string, readonly Hold[]>,
  now: string,
): { taken: true } | { taken: false; holds: Map<string, Hold[]> } {
  const stored = new Map([...storedHolds].map(([key, list]) => [key, list.filter((h) => stillHeld(h, now))]));
  const holds = new Map<string, Hold[]>();
  for (const [key] of plan.written) holds.set(key, (stored.get(key) ?? []).filter((h) => h.appointmentId !== appointmentId));
  for (const { ownerId, hold, check } of plan.taking) {
    if (check) {
      const around = daysOfSpan(checkedSpan(hold)).map((day) => dayKey(ownerId, day));
      const holdsOn = (key: string) => holds.get(key) ?? stored.get(key) ?? [];
      const existing = new Map(around.flatMap(holdsOn).map((h) => [h.appointmentId, h]));
      if (!fits(hold, [...existing.values()])) return { taken: true };
    }
    for (const day of daysOfSpan(blockedSpan(hold))) holds.get(dayKey(ownerId, day))!.push(hold);
  }
  return { taken: false, holds };
}
