import { describe, expect, it } from 'vitest';
import type { AppointmentChangedDetail } from '../events/appointment-changed.ts';
import { planNotifications } from './plan.ts';

const base = {
  id: 'a1',
  userId: 'client-1',
  assignedAdminId: 'admin-1',
  title: 'Consultation',
  startTime: '2026-10-23T08:00:00.000Z',
  endTime: '2026-10-23T09:00:00.000Z',
  timezone: 'Europe/Paris',
  status: 'pending',
  createdBy: 'admin-1',
  version: 1,
  notes: 'internal',
};

const event = (change: AppointmentChangedDetail['change'], before: object | null, after: object | null): AppointmentChangedDetail => ({
  version: '1',
  change,
  appointmentId: 'a1',
  actor: 'someone',
  occurredAt: '2026-10-01T00:00:00.000Z',
  before: before as Record<string, unknown> | null,
  after: after as Record<string, unknown> | null,
});

const summary = (detail: AppointmentChangedDetail) =>
  planNotifications(detail).map((n) => ({ kind: n.kind, audiences: n.audiences, invite: n.invite, occurrence: n.occurrence }));

describe('which emails a change calls for', () => {
  it("an admin's request goes to the client; a client's request to the admins", () => {
    expect(summary(event('created', null, base))).toEqual([{ kind: 'request', audiences: ['client'], invite: undefined, occurrence: 'v1' }]);
    const own = { ...base, createdBy: 'client-1', assignedAdminId: undefined };
    expect(summary(event('created', null, own))).toEqual([{ kind: 'request', audiences: ['admins'], invite: undefined, occurrence: 'v1' }]);
  });

  it('a confirmation goes to both sides with a REQUEST invite whose SEQUENCE is the version', () => {
    const confirmed = { ...base, status: 'confirmed', version: 2 };
    expect(summary(event('updated', base, confirmed))).toEqual([
      { kind: 'confirmed', audiences: ['client', 'admins'], invite: { method: 'REQUEST', sequence: 2 }, occurrence: 'v2' },
    ]);
    expect(summary(event('created', null, { ...confirmed, version: 1 }))[0]).toMatchObject({ kind: 'confirmed', invite: { sequence: 1 } });
  });

  it('moving or editing a confirmed appointment updates the invite; internal edits send nothing', () => {
    const confirmed = { ...base, status: 'confirmed', version: 2 };
    const moved = { ...confirmed, startTime: '2026-10-27T09:00:00.000Z', endTime: '2026-10-27T10:00:00.000Z', version: 3 };
    expect(summary(event('updated', confirmed, moved))).toEqual([
      { kind: 'changed', audiences: ['client', 'admins'], invite: { method: 'REQUEST', sequence: 3 }, occurrence: 'v3' },
    ]);
    expect(summary(event('updated', confirmed, { ...confirmed, notes: 'other', version: 3 }))).toEqual([]);
    expect(summary(event('updated', confirmed, { ...confirmed, isPaid: true, version: 3 }))).toEqual([]);
    expect(summary(event('updated', confirmed, { ...confirmed, status: 'completed', version: 3 }))).toEqual([]);
  });

  it('a reassigned confirmed appointment: CANCEL to the former admin, the invite to the new one', () => {
    const confirmed = { ...base, status: 'confirmed', version: 2 };
    expect(summary(event('updated', confirmed, { ...confirmed, assignedAdminId: 'admin-2', version: 3 }))).toEqual([
      { kind: 'cancelled', audiences: [{ adminId: 'admin-1' }], invite: { method: 'CANCEL', sequence: 3 }, occurrence: 'v3' },
      { kind: 'changed', audiences: ['client', 'admins'], invite: { method: 'REQUEST', sequence: 3 }, occurrence: 'v3' },
    ]);
  });

  it('a pending request moved: the side that must confirm it hears, without an invite', () => {
    const moved = { ...base, startTime: '2026-10-24T08:00:00.000Z', endTime: '2026-10-24T09:00:00.000Z', version: 2 };
    expect(summary(event('updated', base, moved))).toEqual([{ kind: 'changed', audiences: ['client'], invite: undefined, occurrence: 'v2' }]);
    expect(summary(event('updated', base, { ...base, title: 'Autre', version: 2 }))).toEqual([]);
  });

  it('cancelling: both sides, with CANCEL only when an invite had been sent', () => {
    const confirmed = { ...base, status: 'confirmed', version: 2 };
    expect(summary(event('updated', confirmed, { ...confirmed, status: 'cancelled', version: 3 }))).toEqual([
      { kind: 'cancelled', audiences: ['client', 'admins'], invite: { method: 'CANCEL', sequence: 3 }, occurrence: 'v3' },
    ]);
    expect(summary(event('updated', base, { ...base, status: 'cancelled', version: 2 }))).toEqual([
      { kind: 'cancelled', audiences: ['client', 'admins'], invite: undefined, occurrence: 'v2' },
    ]);
  });

  it('deleting: CANCEL with a SEQUENCE above the last invite; nothing for an already cancelled one', () => {
    const confirmed = { ...base, status: 'confirmed', version: 4 };
    expect(summary(event('deleted', confirmed, null))).toEqual([
      { kind: 'cancelled', audiences: ['client', 'admins'], invite: { method: 'CANCEL', sequence: 5 }, occurrence: 'v4-deleted' },
    ]);
    expect(summary(event('deleted', { ...base, status: 'cancelled' }, null))).toEqual([]);
  });

  it('a reopened cancellation is a new request to whoever must confirm it', () => {
    const cancelled = { ...base, status: 'cancelled', version: 2 };
    expect(summary(event('updated', cancelled, { ...cancelled, status: 'pending', version: 3 }))).toEqual([
      { kind: 'request', audiences: ['client'], invite: undefined, occurrence: 'v3' },
    ]);
  });

  it('refuses a snapshot without the fields an email needs', () => {
    expect(() => planNotifications(event('created', null, { id: 'a1' }))).toThrow();
  });
});
