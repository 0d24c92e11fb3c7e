import { describe, expect, it } from 'vitest';
import { CONFIRM_REFUSED, NOT_STARTED, awaiting, checkClientDelete, checkClientUpdate, checkOutcomeTime, checkTransition, tooLateToChange } from './rules.ts';

const startTime = '2026-12-10T10:00:00.000Z';
const proposedByAdmin = { userId: 'c', createdBy: 'a', status: 'pending' as const, startTime };
const ownRequest = { userId: 'c', createdBy: 'c', status: 'pending' as const, startTime };
/** Nine days before the start, with the default notice. */
const POLICY = { now: '2026-12-01T10:00:00.000Z', noticeHours: 24 };

describe('client rules (seed)', () => {
  it('confirms only a pending appointment proposed by the team', () => {
    expect(checkClientUpdate(proposedByAdmin, { status: 'confirmed' }, POLICY)).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status: 'confirmed' }, POLICY)).toEqual({ reason: 'not_allowed', message: CONFIRM_REFUSED });
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'cancelled' }, { status: 'confirmed' }, POLICY)?.message).toBe(CONFIRM_REFUSED);
    expect(checkClientUpdate(ownRequest, { status: 'confirmed' }, POLICY)?.reason).toBe('not_allowed');
  });

  it('cancels pending or confirmed, with a reason', () => {
    expect(checkClientUpdate(proposedByAdmin, { status: 'cancelled', cancellationReason: 'x' }, POLICY)).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status: 'cancelled' }, POLICY)).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'completed' }, { status: 'cancelled' }, POLICY)?.reason).toBe('not_allowed');
    expect(checkClientUpdate(proposedByAdmin, { cancellationReason: 'x' }, POLICY)?.reason).toBe('not_allowed');
  });

  it('never sets completed, no_show or pending', () => {
    for (const status of ['completed', 'no_show', 'pending']) {
      expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status }, POLICY)?.reason, status).toBe('not_allowed');
    }
  });

  it('edits text fields only while pending, and nothing else ever', () => {
    expect(checkClientUpdate(ownRequest, { title: 'x', description: 'y', location: 'z', clientNote: 'n', version: 3 }, POLICY)).toBeUndefined();
    expect(checkClientUpdate({ ...ownRequest, status: 'confirmed' }, { title: 'x' }, POLICY)?.message).toBe('Only pending appointments can be edited');
    expect(checkClientUpdate(ownRequest, { price: 1, notes: 'x' }, POLICY)?.message).toBe('You cannot change price, notes');
  });

  it('moves their own pending or confirmed appointment while it, and the new time, are at least the notice away', () => {
    const later = '2026-12-12T10:00:00.000Z';
    expect(checkClientUpdate(ownRequest, { startTime: later, endTime: '2026-12-12T11:00:00.000Z', timezone: 'Europe/Paris' }, POLICY)).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { startTime: later, version: 2 }, POLICY)).toBeUndefined();
    // The start is less than 24 hours away, or the new one would be.
    expect(checkClientUpdate(ownRequest, { startTime: later }, { ...POLICY, now: '2026-12-09T10:00:01.000Z' })).toEqual({ reason: 'not_allowed', message: tooLateToChange(24) });
    expect(checkClientUpdate(ownRequest, { startTime: '2026-12-02T09:00:00.000Z' }, POLICY)?.message).toBe(tooLateToChange(24));
    expect(checkClientUpdate(ownRequest, { startTime: '2026-12-02T10:00:00.000Z' }, POLICY)).toBeUndefined();
    // Not a cancelled or completed one, and not with another status or field at once.
    expect(checkClientUpdate({ ...ownRequest, status: 'cancelled' }, { startTime: later }, POLICY)?.message).toBe('Only pending or confirmed appointments can be moved');
    expect(checkClientUpdate(ownRequest, { startTime: later, status: 'cancelled' }, POLICY)?.message).toBe('You cannot change startTime');
    expect(checkClientUpdate(ownRequest, { startTime: later, price: 0 }, POLICY)?.message).toBe('You cannot change price');
  });

  it('deletes only their own pending request', () => {
    expect(checkClientDelete(ownRequest, 'c')).toBeUndefined();
    expect(checkClientDelete(proposedByAdmin, 'c')?.reason).toBe('not_allowed');
    expect(checkClientDelete({ ...ownRequest, status: 'confirmed' }, 'c')?.reason).toBe('not_allowed');
  });

  it('knows who must act on a pending appointment', () => {
    expect(awaiting(proposedByAdmin)).toBe('client');
    expect(awaiting(ownRequest)).toBe('admin');
    expect(awaiting({ ...ownRequest, status: 'confirmed' })).toBeNull();
    // The team's proposal moved by the client: the team decides again.
    expect(awaiting({ ...proposedByAdmin, requestedBy: 'c' })).toBe('admin');
  });
});

describe('status graph', () => {
  it('allows the documented moves and names the allowed ones otherwise', () => {
    expect(checkTransition('pending', 'confirmed')).toBeUndefined();
    expect(checkTransition('cancelled', 'pending')).toBeUndefined();
    expect(checkTransition('confirmed', 'confirmed')).toBeUndefined();
    expect(checkTransition('pending', 'completed')).toMatchObject({ reason: 'invalid_transition', message: 'Cannot change status from pending to completed; allowed: confirmed, cancelled' });
  });
});

describe('marking the outcome', () => {
  const a = { startTime: '2026-12-10T10:00:00.000Z' };
  it('is refused before the start (completed and no-show), allowed from the start on; other statuses are not concerned', () => {
    expect(checkOutcomeTime(a, 'completed', '2026-12-10T09:59:59.999Z')).toMatchObject({ reason: 'invalid_transition', message: NOT_STARTED });
    expect(checkOutcomeTime(a, 'no_show', '2026-12-09T10:00:00.000Z')).toMatchObject({ reason: 'invalid_transition', message: NOT_STARTED });
    expect(checkOutcomeTime(a, 'completed', '2026-12-10T10:00:00.000Z')).toBeUndefined();
    expect(checkOutcomeTime(a, 'no_show', '2026-12-10T10:30:00.000Z')).toBeUndefined();
    expect(checkOutcomeTime(a, 'cancelled', '2026-12-09T10:00:00.000Z')).toBeUndefined();
  });
});
