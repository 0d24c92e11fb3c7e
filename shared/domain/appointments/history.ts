import { APPOINTMENT_STATUSES, type AppointmentStatus, type Role } from '../vocabulary.ts';

/**
 * An appointment's status history: one record per AppointmentChanged event, written by the
 * `record-appointment-history` job, read by GET /api/appointments/{id}/history. Pure: plain
 * inputs → plain outputs.
 */

export const HISTORY_CHANGES = ['created', 'updated', 'deleted'] as const;
export type HistoryChange = (typeof HISTORY_CHANGES)[number];

/** One stored history record: who changed what (field names only, never their values). */
export interface HistoryRecord {
  appointmentId: string;
  occurredAt: string;
  /** The appointment's version after the change (the last version for a deletion). */
  version: number;
  change: HistoryChange;
  /** A user id, or "system" (payment webhooks). */
  actorId: string;
  statusBefore?: AppointmentStatus;
  statusAfter?: AppointmentStatus;
  /** Names of the fields the change touched, status and bookkeeping left out (sorted). */
  changedFields: string[];
}

/** The event as the job receives it (shared/events/appointment-changed.ts), kept structural here. */
export interface ChangeEvent {
  change: HistoryChange;
  appointmentId: string;
  actor: string;
  occurredAt: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const SYSTEM_ACTOR = 'system';

/** Attributes that change with every write or belong to the machinery, never to the appointment's story. */
const BOOKKEEPING = new Set([
  'id',
  'status',
  'version',
  'createdAt',
  'updatedAt',
  'createdBy',
  'requestedBy',
  'searchText',
  'adminCapacity',
  'externalChange',
  'paymentUpdatedAt',
  'googleEventId',
  'microsoftEventId',
]);

/**
 * Fields a client never learns about from the history, not even by name: the internal notes
 * (the appointment view strips them too) and who in the team is assigned (the client's pages
 * only ever say "l'équipe").
 */
const ADMIN_ONLY_FIELDS = new Set(['notes', 'assignedAdminId']);

const statusOf = (snapshot: Record<string, unknown> | null): AppointmentStatus | undefined => {
  const status = snapshot?.status;
  return (APPOINTMENT_STATUSES as readonly unknown[]).includes(status) ? (status as AppointmentStatus) : undefined;
};

const versionOf = (snapshot: Record<string, unknown> | null): number | undefined =>
  typeof snapshot?.version === 'number' && Number.isInteger(snapshot.version) ? snapshot.version : undefined;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose value differs between two snapshots (bookkeeping left out), sorted. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !BOOKKEEPING.has(name) && !same(before[name], after[name])).sort();
}

/**
 * The record an AppointmentChanged event calls for, or undefined when it carries no version to
 * key it on (an event that cannot be deduplicated is not recorded). Its key — appointment,
 * occurredAt, version — is the same for every delivery of one event.
 */
export function historyRecordOf(event: ChangeEvent): HistoryRecord | undefined {
  const version = versionOf(event.after) ?? versionOf(event.before);
  if (version === undefined) return undefined;
  const statusBefore = statusOf(event.before);
  const statusAfter = statusOf(event.after);
  return {
    appointmentId: event.appointmentId,
    occurredAt: event.occurredAt,
    version,
    change: event.change,
    actorId: event.actor,
    ...(statusBefore ? { statusBefore } : {}),
    ...(statusAfter ? { statusAfter } : {}),
    changedFields: event.change === 'updated' ? changedFields(event.before, event.after) : [],
  };
}

/** What happened, in one word the pages translate. */
export type HistoryEvent =
  | 'created'
  | 'confirmed'
  | 'cancelled'
  | 'completed'
  | 'no_show'
  | 'reopened'
  | 'rescheduled'
  | 'paid'
  | 'edited'
  | 'deleted';

const TIME_FIELDS = new Set(['startTime', 'endTime', 'timezone']);

export function historyEventOf(record: Pick<HistoryRecord, 'change' | 'statusBefore' | 'statusAfter' | 'changedFields'>): HistoryEvent {
  if (record.change === 'created') return 'created';
  if (record.change === 'deleted') return 'deleted';
  const { statusBefore, statusAfter } = record;
  if (statusAfter && statusBefore !== statusAfter) {
    if (statusAfter === 'pending') return 'reopened';
    return statusAfter;
  }
  if (record.changedFields.some((field) => TIME_FIELDS.has(field))) return 'rescheduled';
  if (record.changedFields.includes('isPaid')) return 'paid';
  return 'edited';
}

/**
 * Who made a change, as the viewer may know it. Admins see the person (their display name and
 * id); clients see "you", "the team" (any admin: the product never names admins to clients
 * beyond "l'équipe" on its pages) or "system".
 */
export type HistoryActor =
  | { kind: 'you' | 'team' | 'system'; label: string }
  | { kind: 'admin' | 'client'; id: string; label: string }
  | { kind: 'system'; id: 'system'; label: string };

export interface HistoryEntryView {
  occurredAt: string;
  version: number;
  change: HistoryChange;
  event: HistoryEvent;
  statusBefore?: AppointmentStatus;
  statusAfter?: AppointmentStatus;
  changedFields: string[];
  actor: HistoryActor;
  /** True for the creation entry derived from the appointment itself (created before history was recorded). */
  inferred?: true;
}

export const CLIENT_ACTOR_LABELS = { you: 'Vous', team: 'L’équipe', system: 'Système' } as const;

export interface HistoryContext {
  viewer: { id: string; isAdmin: boolean };
  appointment: { userId: string; createdBy: string; createdAt: string; version: number; status: AppointmentStatus };
  /** Profiles of the actors (admins' view only): display name and role; absent for an erased account. */
  people?: ReadonlyMap<string, { name: string; role: Role }>;
}

function actorFor(actorId: string, context: HistoryContext): HistoryActor {
  const { viewer, appointment, people } = context;
  if (!viewer.isAdmin) {
    if (actorId === SYSTEM_ACTOR) return { kind: 'system', label: CLIENT_ACTOR_LABELS.system };
    if (actorId === viewer.id) return { kind: 'you', label: CLIENT_ACTOR_LABELS.you };
    return { kind: 'team', label: CLIENT_ACTOR_LABELS.team };
  }
  if (actorId === SYSTEM_ACTOR) return { kind: 'system', id: SYSTEM_ACTOR, label: 'System' };
  const person = people?.get(actorId);
  if (person) return { kind: person.role, id: actorId, label: person.name };
  // An erased profile: the owner is still recognisable as the client.
  return actorId === appointment.userId
    ? { kind: 'client', id: actorId, label: 'Client (deleted account)' }
    : { kind: 'admin', id: actorId, label: 'Deleted user' };
}

/**
 * The timeline the viewer may see, oldest first. Clients never see admin-only field names, and
 * a change that touched nothing they can see (an internal note) is left out for them. When no
 * creation was recorded (the appointment predates the history), one is derived from the
 * appointment's own createdAt and createdBy.
 */
export function historyView(records: readonly HistoryRecord[], context: HistoryContext): HistoryEntryView[] {
  const { viewer, appointment } = context;
  const sorted = [...records].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.version - b.version);
  const all: Array<HistoryRecord & { inferred?: true }> = sorted.some((r) => r.change === 'created')
    ? sorted
    : [
        {
          appointmentId: '',
          occurredAt: appointment.createdAt,
          version: 1,
          change: 'created',
          actorId: appointment.createdBy,
          ...(appointment.version === 1 ? { statusAfter: appointment.status } : {}),
          changedFields: [],
          inferred: true,
        },
        ...sorted,
      ];
  const entries: HistoryEntryView[] = [];
  for (const record of all) {
    const fields = viewer.isAdmin ? record.changedFields : record.changedFields.filter((f) => !ADMIN_ONLY_FIELDS.has(f));
    const statusChanged = record.statusBefore !== record.statusAfter;
    if (!viewer.isAdmin && record.change === 'updated' && !statusChanged && fields.length === 0) continue;
    entries.push({
      occurredAt: record.occurredAt,
      version: record.version,
      change: record.change,
      event: historyEventOf({ ...record, changedFields: fields }),
      ...(record.statusBefore ? { statusBefore: record.statusBefore } : {}),
      ...(record.statusAfter ? { statusAfter: record.statusAfter } : {}),
      changedFields: fields,
      actor: actorFor(record.actorId, context),
      ...(record.inferred ? { inferred: true as const } : {}),
    });
  }
  return entries;
}
