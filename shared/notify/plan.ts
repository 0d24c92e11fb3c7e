import * as z from 'zod/mini';
import { awaiting } from '../domain/appointments/rules.ts';
import { APPOINTMENT_STATUSES, type NotificationKind } from '../domain/vocabulary.ts';
import type { AppointmentChangedDetail } from '../events/appointment-changed.ts';

/** The fields of an AppointmentChanged snapshot that notifications use. */
export const appointmentSnapshot = z.object({
  id: z.string(),
  userId: z.string(),
  assignedAdminId: z.optional(z.string()),
  title: z.string(),
  description: z.optional(z.string()),
  location: z.optional(z.string()),
  meetingUrl: z.optional(z.string()),
  startTime: z.string(),
  endTime: z.string(),
  proposedTimes: z.optional(z.array(z.object({ startTime: z.string(), endTime: z.string() }))),
  timezone: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  createdBy: z.string(),
  version: z.number().check(z.int()),
  clientNote: z.optional(z.string()),
  cancellationReason: z.optional(z.string()),
});

export type AppointmentSnapshot = z.output<typeof appointmentSnapshot>;

/** Who an email goes to: the client, the assigned admin (every admin while none is), or one named admin. */
export type Audience = 'client' | 'admins' | { adminId: string };

export type EventKind = Exclude<NotificationKind, 'reminder'>;

/** One email to send about a change, to everyone in its audiences. */
export interface Notice {
  kind: EventKind;
  /** The appointment as the email describes it (after the change; before it when deleted). */
  appointment: AppointmentSnapshot;
  /** The appointment before a change, for "was: …". */
  previous?: AppointmentSnapshot;
  audiences: Audience[];
  /** The calendar invite to attach; SEQUENCE grows with the appointment's version. */
  invite?: { method: 'REQUEST' | 'CANCEL'; sequence: number };
  /** With the kind and recipient, what makes this email unique (the sent-marker). */
  occurrence: string;
}

/** What a calendar event shows: a change to any of these updates the invite. */
const INVITE_FIELDS = ['startTime', 'endTime', 'title', 'description', 'location', 'meetingUrl'] as const;

const differs = (a: AppointmentSnapshot, b: AppointmentSnapshot, fields: readonly (keyof AppointmentSnapshot)[]) =>
  fields.some((field) => a[field] !== b[field]);

const waitingParty = (a: AppointmentSnapshot): Audience => (awaiting(a) === 'client' ? 'client' : 'admins');

const holdsTime = (a: AppointmentSnapshot) => a.status === 'pending' || a.status === 'confirmed';

/**
 * The emails an AppointmentChanged event calls for (pure):
 * - a new or reopened pending appointment: a request to whoever must confirm it (the client for
 *   an admin's proposal; the assigned admin, or every admin, for a client's request);
 * - confirmed (directly or from pending): both sides, with a METHOD:REQUEST invite;
 * - a confirmed appointment moved or edited: both sides, with the updated invite; a pending one
 *   moved: the side that must confirm it;
 * - cancelled or deleted while pending or confirmed: both sides, with METHOD:CANCEL when an invite
 *   had been sent; an admin taken off a confirmed appointment gets the CANCEL as well.
 * Completion, no-show, payment and internal edits send nothing.
 */
export function planNotifications(detail: AppointmentChangedDetail): Notice[] {
  const before = detail.before ? appointmentSnapshot.parse(detail.before) : undefined;
  const after = detail.after ? appointmentSnapshot.parse(detail.after) : undefined;

  if (!after) {
    if (!before || !holdsTime(before)) return [];
    return [
      {
        kind: 'cancelled',
        appointment: before,
        audiences: ['client', 'admins'],
        ...(before.status === 'confirmed' ? { invite: { method: 'CANCEL' as const, sequence: before.version + 1 } } : {}),
        occurrence: `v${before.version}-deleted`,
      },
    ];
  }

  const occurrence = `v${after.version}`;
  const request: Notice = { kind: 'request', appointment: after, audiences: [waitingParty(after)], occurrence };
  const confirmed: Notice = {
    kind: 'confirmed',
    appointment: after,
    audiences: ['client', 'admins'],
    invite: { method: 'REQUEST', sequence: after.version },
    occurrence,
  };

  if (!before) {
    if (after.status === 'pending') return [request];
    if (after.status === 'confirmed') return [confirmed];
    return [];
  }

  if (after.status === 'cancelled' && holdsTime(before)) {
    return [
      {
        kind: 'cancelled',
        appointment: after,
        previous: before,
        audiences: ['client', 'admins'],
        ...(before.status === 'confirmed' ? { invite: { method: 'CANCEL' as const, sequence: after.version } } : {}),
        occurrence,
      },
    ];
  }
  if (after.status === 'pending' && before.status !== 'pending') return [request];
  if (after.status === 'confirmed' && before.status !== 'confirmed') return [confirmed];

  if (after.status === 'confirmed') {
    const notices: Notice[] = [];
    const formerAdmin = before.assignedAdminId !== after.assignedAdminId ? before.assignedAdminId : undefined;
    if (formerAdmin) {
      notices.push({
        kind: 'cancelled',
        appointment: after,
        previous: before,
        audiences: [{ adminId: formerAdmin }],
        invite: { method: 'CANCEL', sequence: after.version },
        occurrence,
      });
    }
    if (formerAdmin || differs(before, after, INVITE_FIELDS)) {
      notices.push({ kind: 'changed', appointment: after, previous: before, audiences: ['client', 'admins'], invite: confirmed.invite, occurrence });
    }
    return notices;
  }

  if (after.status === 'pending' && differs(before, after, ['startTime', 'endTime'])) {
    return [{ kind: 'changed', appointment: after, previous: before, audiences: [waitingParty(after)], occurrence }];
  }
  return [];
}
