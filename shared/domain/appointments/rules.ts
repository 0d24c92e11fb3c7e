import type { AppointmentStatus } from '../vocabulary.ts';
import { offersChoice, type ProposedTime } from './proposals.ts';
import { TRANSITIONS, canTransition } from './status.ts';

/**
 * Why a rule refuses a change: `not_allowed` (this caller may not do it) or `invalid_transition`
 * (nobody may move between these statuses). The use case turns it into its domain error.
 */
export interface Refusal {
  reason: 'not_allowed' | 'invalid_transition';
  message: string;
  details?: Array<Record<string, unknown>>;
}

interface Owned {
  userId: string;
  createdBy: string;
  /** Who asked for the pending time, when not its creator (a client who moved the team's proposal). */
  requestedBy?: string;
  status: AppointmentStatus;
  startTime: string;
  proposedTimes?: ProposedTime[];
}

/**
 * Who must act on a pending appointment: a request the client made (or moved) waits for the team;
 * one the team proposed waits for the client (the seed's "pending confirmation" card).
 */
export function awaiting(a: Pick<Owned, 'userId' | 'createdBy' | 'requestedBy' | 'status'>): 'client' | 'admin' | null {
  if (a.status !== 'pending') return null;
  return (a.requestedBy ?? a.createdBy) === a.userId ? 'admin' : 'client';
}

/** The fields a client changes to move their own appointment. */
export const CLIENT_RESCHEDULE = ['startTime', 'endTime', 'timezone'] as const;

/** The client change policy: how late before its start a client may still move their appointment. */
export interface ClientChangePolicy {
  now: string;
  noticeHours: number;
}

export const tooLateToChange = (noticeHours: number) =>
  `Changes are possible up to ${noticeHours} hours before the start: contact the team to change this appointment`;

/** What a client may change in their own pending appointment. */
export const CLIENT_EDITABLE = ['title', 'description', 'location', 'clientNote'] as const;

export const CONFIRM_REFUSED = 'You can only confirm your own pending appointments';

/** Booking outside the offered slots is an admin's decision, never a client's. */
export const OVERRIDE_REFUSED = 'Only admins can book outside the offered slots';

/**
 * The seed's client rules for PUT /api/appointments/{id}; ownership is checked before (404). A
 * client may move their own pending or confirmed appointment while its start, and the new one, are
 * at least the policy's notice away.
 */
export function checkClientUpdate(a: Owned, patch: Record<string, unknown>, policy: ClientChangePolicy): Refusal | undefined {
  if (patch.overrideAvailability !== undefined) return { reason: 'not_allowed', message: OVERRIDE_REFUSED };
  const fields = Object.keys(patch).filter((key) => patch[key] !== undefined && key !== 'version');
  const status = patch.status as AppointmentStatus | undefined;
  // Asking for the current status again is still a request: confirming a confirmed appointment is
  // refused as the seed says ("You can only confirm your own pending appointments").
  if (status !== undefined) {
    if (status === 'confirmed') {
      if (a.status !== 'pending') return { reason: 'not_allowed', message: CONFIRM_REFUSED };
      if (awaiting(a) !== 'client') return { reason: 'not_allowed', message: 'This request is waiting for confirmation by the team' };
    } else if (status === 'cancelled') {
      if (a.status !== 'pending' && a.status !== 'confirmed') {
        return { reason: 'not_allowed', message: 'You can only cancel your own pending or confirmed appointments' };
      }
    } else if (status === 'completed' || status === 'no_show') {
      return { reason: 'not_allowed', message: 'Only admins can mark appointments as completed or no-show' };
    } else {
      return { reason: 'not_allowed', message: 'Only admins can reopen appointments' };
    }
  }
  const moving = fields.some((field) => (CLIENT_RESCHEDULE as readonly string[]).includes(field));
  // Picking one of the times the team proposed is how such a request is confirmed: not a move of
  // the client's own (no notice applies: the team offered that time; proposals.ts checks the choice).
  const choosing = status === 'confirmed' && offersChoice(a);
  const allowed = new Set<string>([
    ...CLIENT_EDITABLE,
    'status',
    ...(status === 'cancelled' ? ['cancellationReason'] : []),
    ...((moving && status === undefined) || choosing ? CLIENT_RESCHEDULE : []),
  ]);
  const forbidden = fields.filter((field) => !allowed.has(field));
  if (forbidden.length > 0) return { reason: 'not_allowed', message: `You cannot change ${forbidden.join(', ')}` };
  if (moving && !choosing) {
    if (a.status !== 'pending' && a.status !== 'confirmed') return { reason: 'not_allowed', message: 'Only pending or confirmed appointments can be moved' };
    const earliest = Date.parse(policy.now) + policy.noticeHours * 3_600_000;
    const wanted = typeof patch.startTime === 'string' ? Date.parse(patch.startTime) : Date.parse(a.startTime);
    if (Date.parse(a.startTime) < earliest || wanted < earliest) return { reason: 'not_allowed', message: tooLateToChange(policy.noticeHours) };
  }
  const edits = fields.filter((field) => (CLIENT_EDITABLE as readonly string[]).includes(field));
  if (edits.length > 0 && a.status !== 'pending') return { reason: 'not_allowed', message: 'Only pending appointments can be edited' };
  return undefined;
}

export function checkTransition(from: AppointmentStatus, to: AppointmentStatus): Refusal | undefined {
  if (canTransition(from, to)) return undefined;
  const allowed = TRANSITIONS[from];
  return {
    reason: 'invalid_transition',
    message: `Cannot change status from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    details: [{ from, to, allowed }],
  };
}

export const NOT_STARTED = 'An appointment can be marked completed or no-show only once it has started';

/** Whether it happened (completed) or the client did not come (no-show) is known only once it has started. */
export function checkOutcomeTime(a: { startTime: string }, to: AppointmentStatus, now: string): Refusal | undefined {
  if ((to === 'completed' || to === 'no_show') && Date.parse(now) < Date.parse(a.startTime)) {
    return { reason: 'invalid_transition', message: NOT_STARTED, details: [{ startTime: a.startTime }] };
  }
  return undefined;
}

/** A client deletes only a request they made themselves that is still pending. */
export function checkClientDelete(a: Owned, callerId: string): Refusal | undefined {
  if (a.status === 'pending' && a.createdBy === callerId) return undefined;
  return { reason: 'not_allowed', message: 'You can only delete your own pending requests' };
}
