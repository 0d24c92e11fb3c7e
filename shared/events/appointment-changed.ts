import * as z from 'zod/mini';

/** Versioned contract of the event every appointment write publishes (sync and notifications consume it). */
export const APPOINTMENT_CHANGED = {
  source: 'booking.appointments',
  detailType: 'AppointmentChanged',
  version: '1',
} as const;

export const appointmentChangeKinds = ['created', 'updated', 'deleted'] as const;

const snapshot = z.record(z.string(), z.unknown());

export const appointmentChangedDetail = z.object({
  version: z.literal(APPOINTMENT_CHANGED.version),
  change: z.enum(appointmentChangeKinds),
  appointmentId: z.string(),
  /** Who made the change (user id), or "system". */
  actor: z.string(),
  occurredAt: z.string(),
  before: z.nullable(snapshot),
  after: z.nullable(snapshot),
});

export type AppointmentChangedDetail = z.infer<typeof appointmentChangedDetail>;

export type AppointmentChangeKind = (typeof appointmentChangeKinds)[number];

/** The event of one committed appointment write: `before` and `after` are the stored items. */
export function describeChange(
  change: AppointmentChangeKind,
  before: object | undefined,
  after: object | undefined,
  actor: string,
  occurredAt: string,
): AppointmentChangedDetail {
  const subject = (after ?? before) as { id: string };
  return {
    version: APPOINTMENT_CHANGED.version,
    change,
    appointmentId: subject.id,
    actor,
    occurredAt,
    before: (before as Record<string, unknown>) ?? null,
    after: (after as Record<string, unknown>) ?? null,
  };
}
