import { describe, expect, it } from 'vitest';
import { CONFIRM_REFUSED, NOT_STARTED, awaiting, checkClientDelete, checkClientUpdate, checkOutcomeTime, checkTransition } from './rules.ts';

const proposedByAdmin = { userId: 'c', createdBy: 'a', status: 'pending' as const };
const ownRequest = { userId: 'c', createdBy: 'c', status: 'pending' as const };

describe('client rules (seed)', () => {
  it('confirms only a pending appointment proposed by the team', () => {
    expect(checkClientUpdate(proposedByAdmin, { status: 'confirmed' })).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status: 'confirmed' })).toEqual({ reason: 'not_allowed', message: CONFIRM_REFUSED });
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'cancelled' }, { status: 'confirmed' })?.message).toBe(CONFIRM_REFUSED);
    expect(checkClientUpdate(ownRequest, { status: 'confirmed' })?.reason).toBe('not_allowed');
  });

  it('cancels pending or confirmed, with a reason', () => {
    expect(checkClientUpdate(proposedByAdmin, { status: 'cancelled', cancellationReason: 'x' })).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status: 'cancelled' })).toBeUndefined();
    expect(checkClientUpdate({ ...proposedByAdmin, status: 'completed' }, { status: 'cancelled' })?.reason).toBe('not_allowed');
    expect(checkClientUpdate(proposedByAdmin, { cancellationReason: 'x' })?.reason).toBe('not_allowed');
  });

  it('never sets completed, no_show or pending', () => {
    for (const status of ['completed', 'no_show', 'pending']) {
      expect(checkClientUpdate({ ...proposedByAdmin, status: 'confirmed' }, { status })?.reason, status).toBe('not_allowed');
    }
  });

  it('edits text fields only while pending, and nothing else ever', () => {
    expect(checkClientUpdate(ownRequest, { title: 'x', description: 'y', location: 'z', clientNote: 'n', version: 3 })).toBeUndefined();
    expect(checkClientUpdate({ ...ownRequest, status: 'confirmed' }, { title: 'x' })?.message).toBe('Only pending appointments can be edited');
    expect(checkClientUpdate(ownRequest, { price: 1, notes: 'x' })?.message).toBe('You cannot change price, notes');
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
