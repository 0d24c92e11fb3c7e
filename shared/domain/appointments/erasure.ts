import type { AppointmentFields } from './compose.ts';
import { holdsTime } from './status.ts';

/** Fields that describe a person or what they said; erased when the person erases their account. */
export const PERSONAL_FIELDS = ['attendeeEmail', 'attendeeName', 'attendeePhone', 'description', 'clientNote', 'cancellationReason', 'location', 'meetingUrl'] as const;

/**
 * An appointment after its client erased their account. The record stays (with a pseudonymous
 * user id that no longer maps to anyone): admins' history and statistics, and for paid
 * appointments the accounting (price, currency, payment, invoice id), must be kept. Personal
 * fields go; an appointment still to come is cancelled so nobody waits for them.
 */
export function erasedAppointment(a: AppointmentFields, now: string): AppointmentFields {
  const next: Record<string, unknown> = { ...a };
  for (const field of PERSONAL_FIELDS) delete next[field];
  const upcoming = holdsTime(a.status) && a.endTime > now;
  return { ...(next as unknown as AppointmentFields), ...(upcoming ? { status: 'cancelled' as const, cancellationReason: 'Account deleted' } : {}) };
}
