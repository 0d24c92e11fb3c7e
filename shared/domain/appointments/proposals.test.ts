import { describe, expect, it } from 'vitest';
import { CHOOSE_A_TIME, NOT_PROPOSED, PROPOSAL_PASSED, heldTimes, orderedProposals, proposalChoice, settleProposals } from './proposals.ts';
import { checkClientUpdate } from './rules.ts';

const at = (day: number, hour: number) => new Date(Date.UTC(2031, 0, day, hour)).toISOString();
const time = (day: number, hour: number) => ({ startTime: at(day, hour), endTime: at(day, hour + 1) });
const proposedTimes = [time(10, 9), time(11, 14), time(12, 8)];
const request = { status: 'pending' as const, ...proposedTimes[0]!, proposedTimes, userId: 'client', createdBy: 'admin' };
const now = at(1, 0);

describe('several proposed times', () => {
  it('are held while the request is pending, and only its own time otherwise', () => {
    expect(heldTimes(request)).toEqual(proposedTimes);
    expect(heldTimes({ ...request, status: 'confirmed' })).toEqual([proposedTimes[0]]);
    expect(heldTimes({ ...request, proposedTimes: undefined })).toEqual([proposedTimes[0]]);
  });

  it('are kept in time order, each once', () => {
    expect(orderedProposals([proposedTimes[2]!, proposedTimes[0]!, proposedTimes[2]!, proposedTimes[1]!])).toEqual(proposedTimes);
  });

  it('confirm on the one chosen (its end may be left out); anything else is refused with the field at fault', () => {
    expect(proposalChoice(request, { status: 'confirmed', startTime: proposedTimes[1]!.startTime }, now)).toEqual({ chosen: proposedTimes[1] });
    expect(proposalChoice(request, { status: 'confirmed', ...proposedTimes[2]! }, now)).toEqual({ chosen: proposedTimes[2] });
    expect(proposalChoice(request, { status: 'confirmed' }, now)).toEqual({ refused: { path: 'body.status', message: CHOOSE_A_TIME } });
    expect(proposalChoice(request, { status: 'confirmed', ...time(13, 9) }, now)).toEqual({ refused: { path: 'body.startTime', message: NOT_PROPOSED } });
    expect(proposalChoice(request, { status: 'confirmed', startTime: proposedTimes[1]!.startTime, endTime: at(11, 16) }, now)).toEqual({ refused: { path: 'body.endTime', message: NOT_PROPOSED } });
    expect(proposalChoice(request, { status: 'confirmed', ...proposedTimes[0]! }, at(10, 9))).toEqual({ refused: { path: 'body.startTime', message: PROPOSAL_PASSED } });
    // Cancelling, editing, or a request without proposals: no choice involved.
    expect(proposalChoice(request, { status: 'cancelled' }, now)).toBeUndefined();
    expect(proposalChoice({ ...request, proposedTimes: undefined }, { status: 'confirmed' }, now)).toBeUndefined();
  });

  it('are dropped once the request is confirmed, cancelled or moved, and kept through an edit that leaves it pending where it was', () => {
    expect(settleProposals(request, { ...request, title: 'Edited' })).toHaveProperty('proposedTimes', proposedTimes);
    expect(settleProposals(request, { ...request, status: 'confirmed' as const, ...proposedTimes[1]! })).not.toHaveProperty('proposedTimes');
    expect(settleProposals(request, { ...request, status: 'cancelled' as const })).not.toHaveProperty('proposedTimes');
    expect(settleProposals(request, { ...request, ...time(20, 9) })).not.toHaveProperty('proposedTimes');
  });

  it('let the client choose a time the team proposed inside the change notice (the team offered it), while moving there is refused', () => {
    const soon = { ...request, ...time(1, 5), proposedTimes: [time(1, 5), time(1, 8)] };
    const policy = { now, noticeHours: 24 };
    expect(checkClientUpdate(soon, { status: 'confirmed', ...time(1, 8) }, policy)).toBeUndefined();
    expect(checkClientUpdate({ ...soon, proposedTimes: undefined }, { ...time(1, 8) }, policy)).toMatchObject({ reason: 'not_allowed' });
    expect(checkClientUpdate({ ...soon, proposedTimes: undefined }, { status: 'confirmed', ...time(1, 8) }, policy)).toMatchObject({ message: 'You cannot change startTime, endTime' });
  });
});
