import type { AppointmentStatus, AppointmentType } from '../vocabulary.ts';

/** The Lago add-on every appointment invoice bills (created in Lago on first use). */
export const APPOINTMENT_ADD_ON = { code: 'appointment', name: 'Appointment' } as const;

interface Payable {
  type: AppointmentType;
  status: AppointmentStatus;
  isPaid: boolean;
}

/** Why an appointment cannot be invoiced (a 409), or undefined when it can. */
export function payRefusal(a: Payable): string | undefined {
  if (a.type !== 'paid') return 'Only paid appointments can be paid';
  if (a.status === 'cancelled') return 'A cancelled appointment cannot be paid';
  if (a.isPaid) return 'This appointment is already paid';
  return undefined;
}

/**
 * The invoice line: title and start in the appointment's own time zone. Deterministic, because
 * it is also how an invoice that Lago created for an unfinished attempt is recognised later.
 */
export function invoiceLineDescription(a: { title: string; startTime: string; timezone: string }): string {
  // Numeric parts only: a locale's wording may change with the runtime's ICU, these do not.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: a.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(a.startTime));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${a.title} — ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${a.timezone})`;
}

/** What a verified Lago webhook says about one invoice. */
export type PaymentEvent =
  | { kind: 'paymentStatus'; invoiceId: string; paymentStatus: string; updatedAt?: string }
  | { kind: 'voided'; invoiceId: string; updatedAt?: string }
  | { kind: 'paymentFailure'; invoiceId: string };

interface PaymentState {
  isPaid: boolean;
  lagoInvoiceId?: string;
  invoiceNumber?: string;
  paymentUpdatedAt?: string;
}

export type PaymentDecision = { apply: PaymentState } | { ignore: string };

/**
 * The appointment's payment fields after a webhook, or why the webhook changes nothing. Lago
 * retries failed deliveries, so an event can arrive after a newer one: an event older than the
 * last one applied is ignored (same-second events apply in arrival order). An invoice event
 * without `updated_at` cannot prove it is newer, so it counts as older than any dated state: it
 * applies only while nothing dated has been applied.
 */
export function decidePayment(current: PaymentState, event: PaymentEvent): PaymentDecision {
  if (current.lagoInvoiceId !== event.invoiceId) return { ignore: "not the appointment's current invoice" };
  const updatedAt = 'updatedAt' in event ? event.updatedAt : undefined;
  // A payment failure changes no state (below), so it needs no date.
  if (event.kind !== 'paymentFailure' && current.paymentUpdatedAt) {
    if (!updatedAt) return { ignore: 'undated, so older than the last payment event applied' };
    if (Date.parse(updatedAt) < Date.parse(current.paymentUpdatedAt)) return { ignore: 'older than the last payment event applied' };
  }
  const next = (() => {
    switch (event.kind) {
      case 'paymentStatus':
        if (!['succeeded', 'failed', 'pending'].includes(event.paymentStatus)) return undefined;
        return { isPaid: event.paymentStatus === 'succeeded', lagoInvoiceId: current.lagoInvoiceId, paymentUpdatedAt: updatedAt ?? current.paymentUpdatedAt };
      case 'voided':
        // The invoice no longer counts: the appointment is unpaid and the next pay creates a new one.
        return { isPaid: false, lagoInvoiceId: undefined, invoiceNumber: undefined, paymentUpdatedAt: undefined };
      case 'paymentFailure':
        // A failed attempt: Lago's payment_status_updated says what the invoice now is.
        return { isPaid: current.isPaid, lagoInvoiceId: current.lagoInvoiceId, paymentUpdatedAt: current.paymentUpdatedAt };
    }
  })();
  if (!next) return { ignore: `unknown payment status ${(event as { paymentStatus: string }).paymentStatus}` };
  const same = next.isPaid === current.isPaid && next.lagoInvoiceId === current.lagoInvoiceId && next.paymentUpdatedAt === current.paymentUpdatedAt;
  return same ? { ignore: 'nothing to change' } : { apply: next };
}
