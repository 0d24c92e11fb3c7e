import type { AppointmentStatus } from '../vocabulary.ts';

/**
 * Several times proposed for one request (the seed's "Admin wants to propose multiple time slots
 * to a client"). While the request is pending, every proposed time holds the client's and the
 * admin's time (schedule.ts `participationsOf`), so whichever the client picks is still free.
 * Picking one confirms the appointment there; the others are released in the same write.
 */

export interface ProposedTime {
  startTime: string;
  endTime: string;
}

export const MIN_PROPOSED_TIMES = 2;
export const MAX_PROPOSED_TIMES = 5;

export const sameTime = (a: ProposedTime, b: ProposedTime) =>
  Date.parse(a.startTime) === Date.parse(b.startTime) && Date.parse(a.endTime) === Date.parse(b.endTime);

interface Choosable {
  status: AppointmentStatus;
  proposedTimes?: ProposedTime[];
}

type Proposing = Choosable & ProposedTime;

/** Whether the appointment is a pending request still offering several times. */
export const offersChoice = <T extends Choosable>(a: T): a is T & { proposedTimes: ProposedTime[] } =>
  a.status === 'pending' && (a.proposedTimes?.length ?? 0) > 1;

/** The times the appointment holds: each proposed time of a pending request, its own time otherwise. */
export function heldTimes(a: Proposing): ProposedTime[] {
  return offersChoice(a) ? a.proposedTimes : [{ startTime: a.startTime, endTime: a.endTime }];
}

/** The proposals in time order, each once (the first choice among them). */
export function orderedProposals(times: readonly ProposedTime[]): ProposedTime[] {
  const unique = times.filter((t, i) => times.findIndex((other) => sameTime(other, t)) === i);
  return [...unique].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime) || Date.parse(a.endTime) - Date.parse(b.endTime));
}

export const CHOOSE_A_TIME = 'Several times are proposed for this appointment: choose one of them to confirm it';
export const NOT_PROPOSED = 'must be one of the proposed times';
export const PROPOSAL_PASSED = 'This proposed time has already passed: choose another one';

/** Why a choice among the proposals is refused, for one field of the request (a 400). */
export type ChoiceRefusal = {
  path: 'body.startTime' | 'body.endTime' | 'body.status';
  message: string;
};

/**
 * Confirming a request that offers several times: the time chosen (startTime, and endTime or the
 * proposal's own end), or why the choice is refused. Undefined when no choice is involved (no
 * proposals, or the patch does not confirm).
 */
export function proposalChoice(
  a: Proposing,
  patch: { status?: AppointmentStatus; startTime?: string; endTime?: string },
  now: string,
): { chosen: ProposedTime } | { refused: ChoiceRefusal } | undefined {
  if (!offersChoice(a) || patch.status !== 'confirmed') return undefined;
  if (patch.startTime === undefined) return { refused: { path: 'body.status', message: CHOOSE_A_TIME } };
  const chosen = a.proposedTimes.find(
    (t) => Date.parse(t.startTime) === Date.parse(patch.startTime!) && (patch.endTime === undefined || Date.parse(t.endTime) === Date.parse(patch.endTime)),
  );
  if (!chosen) return { refused: { path: patch.endTime !== undefined && a.proposedTimes.some((t) => Date.parse(t.startTime) === Date.parse(patch.startTime!)) ? 'body.endTime' : 'body.startTime', message: NOT_PROPOSED } };
  if (Date.parse(chosen.startTime) <= Date.parse(now)) return { refused: { path: 'body.startTime', message: PROPOSAL_PASSED } };
  return { chosen };
}

/**
 * The proposals once the request is settled: kept while it stays pending at its first choice,
 * dropped once it is confirmed, cancelled or moved to one time (the other times are released).
 */
export function settleProposals<T extends Proposing>(current: Proposing, next: T): T {
  if (!next.proposedTimes) return next;
  const moved = !sameTime(current, next);
  if (next.status === 'pending' && !moved) return next;
  const { proposedTimes: _released, ...settled } = next;
  return settled as T;
}
