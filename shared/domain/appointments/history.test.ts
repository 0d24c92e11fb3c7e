import { describe, expect, it } from 'vitest';
import { changedFields, historyEventOf, historyRecordOf, historyView, type HistoryRecord } from './history.ts';

const base = {
  id: 'a1',
  userId: 'client-1',
  title: 'Bilan',
  startTime: '2030-01-01T09:00:00.000Z',
  endTime: '2030-01-01T10:00:00.000Z',
  status: 'pending',
  version: 1,
  createdBy: 'client-1',
  createdAt: '2029-12-01T08:00:00.000Z',
  updatedAt: '2029-12-01T08:00:00.000Z',
  searchText: 'bilan',
};

describe('history records from AppointmentChanged', () => {
  it('names the changed fields only, leaving out status and bookkeeping', () => {
    const after = { ...base, status: 'confirmed', version: 2, updatedAt: 'later', searchText: 'x', title: 'Bilan 2', googleEventId: 'g', location: 'Paris' };
    expect(changedFields(base, after)).toEqual(['location', 'title']);
    expect(changedFields(base, { ...base, version: 2 })).toEqual([]);
  });

  it('keys a record on the event (occurredAt + version): the same event gives the same record', () => {
    const event = { change: 'updated' as const, appointmentId: 'a1', actor: 'admin-1', occurredAt: '2030-01-01T00:00:00.000Z', before: base, after: { ...base, status: 'confirmed', version: 2 } };
    expect(historyRecordOf(event)).toEqual({
      appointmentId: 'a1',
      occurredAt: '2030-01-01T00:00:00.000Z',
      version: 2,
      change: 'updated',
      actorId: 'admin-1',
      statusBefore: 'pending',
      statusAfter: 'confirmed',
      changedFields: [],
    });
    expect(historyRecordOf({ ...event })).toEqual(historyRecordOf(event));
    expect(historyRecordOf({ ...event, change: 'deleted', after: null })).toMatchObject({ version: 1, change: 'deleted', statusBefore: 'pending', changedFields: [] });
    expect(historyRecordOf({ ...event, before: { title: 'x' }, after: { title: 'y' } })).toBeUndefined();
  });

  it.each([
    [{ change: 'created', changedFields: [] }, 'created'],
    [{ change: 'deleted', statusBefore: 'confirmed', changedFields: [] }, 'deleted'],
    [{ change: 'updated', statusBefore: 'pending', statusAfter: 'confirmed', changedFields: ['assignedAdminId'] }, 'confirmed'],
    [{ change: 'updated', statusBefore: 'cancelled', statusAfter: 'pending', changedFields: ['startTime'] }, 'reopened'],
    [{ change: 'updated', statusBefore: 'confirmed', statusAfter: 'no_show', changedFields: [] }, 'no_show'],
    [{ change: 'updated', statusBefore: 'confirmed', statusAfter: 'confirmed', changedFields: ['endTime', 'startTime'] }, 'rescheduled'],
    [{ change: 'updated', statusBefore: 'confirmed', statusAfter: 'confirmed', changedFields: ['isPaid'] }, 'paid'],
    [{ change: 'updated', statusBefore: 'confirmed', statusAfter: 'confirmed', changedFields: ['title'] }, 'edited'],
  ] as const)('%o is "%s"', (record, event) => {
    expect(historyEventOf({ ...record, changedFields: [...record.changedFields] })).toBe(event);
  });
});

describe('the history a viewer sees', () => {
  const appointment = { userId: 'client-1', createdBy: 'client-1', createdAt: base.createdAt, version: 3, status: 'confirmed' as const };
  const record = (version: number, fields: Partial<HistoryRecord>): HistoryRecord => ({
    appointmentId: 'a1',
    occurredAt: `2030-01-0${version}T00:00:00.000Z`,
    version,
    change: 'updated',
    actorId: 'admin-1',
    statusBefore: 'confirmed',
    statusAfter: 'confirmed',
    changedFields: [],
    ...fields,
  });
  const records = [
    record(3, { changedFields: ['isPaid'], actorId: 'system' }),
    record(1, { change: 'created', actorId: 'client-1', statusBefore: undefined, statusAfter: 'pending' }),
    record(2, { changedFields: ['notes'] }),
  ];
  const people = new Map([
    ['admin-1', { name: 'Alice Martin', role: 'admin' as const }],
    ['client-1', { name: 'Chloé Bernard', role: 'client' as const }],
  ]);

  it('admins: oldest first, every entry, people by name', () => {
    const view = historyView(records, { viewer: { id: 'admin-1', isAdmin: true }, appointment, people });
    expect(view.map((e) => [e.version, e.event, e.actor.label])).toEqual([
      [1, 'created', 'Chloé Bernard'],
      [2, 'edited', 'Alice Martin'],
      [3, 'paid', 'System'],
    ]);
  });

  it('clients: "Vous" / "L’équipe" / "Système", and no trace of an internal-note edit', () => {
    const view = historyView(records, { viewer: { id: 'client-1', isAdmin: false }, appointment });
    expect(view.map((e) => [e.version, e.event, e.actor])).toEqual([
      [1, 'created', { kind: 'you', label: 'Vous' }],
      [3, 'paid', { kind: 'system', label: 'Système' }],
    ]);
    // Who in the team is assigned stays the team's business.
    const reassigned = [record(1, { change: 'created', statusBefore: undefined }), record(2, { changedFields: ['assignedAdminId'] }), record(3, { changedFields: ['assignedAdminId', 'title'] })];
    expect(historyView(reassigned, { viewer: { id: 'client-1', isAdmin: false }, appointment }).map((e) => [e.version, e.changedFields])).toEqual([
      [1, []],
      [3, ['title']],
    ]);
  });

  it('derives the creation when none was recorded; an erased account keeps a role-based label', () => {
    const view = historyView([record(2, { changedFields: ['title'] })], { viewer: { id: 'admin-1', isAdmin: true }, appointment, people: new Map() });
    expect(view[0]).toEqual({
      occurredAt: base.createdAt,
      version: 1,
      change: 'created',
      event: 'created',
      changedFields: [],
      actor: { kind: 'client', id: 'client-1', label: 'Client (deleted account)' },
      inferred: true,
    });
    expect(view[1]!.actor).toEqual({ kind: 'admin', id: 'admin-1', label: 'Deleted user' });
  });
});
