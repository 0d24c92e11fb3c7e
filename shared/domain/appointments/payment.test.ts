import { describe, expect, it } from 'vitest';
import { decidePayment, invoiceLineDescription, payRefusal } from './payment.ts';

describe('what can be paid', () => {
  it('only a paid, not cancelled, not yet paid appointment', () => {
    expect(payRefusal({ type: 'paid', status: 'pending', isPaid: false })).toBeUndefined();
    expect(payRefusal({ type: 'paid', status: 'completed', isPaid: false })).toBeUndefined();
    expect(payRefusal({ type: 'free', status: 'confirmed', isPaid: false })).toBe('Only paid appointments can be paid');
    expect(payRefusal({ type: 'paid', status: 'cancelled', isPaid: false })).toBe('A cancelled appointment cannot be paid');
    expect(payRefusal({ type: 'paid', status: 'confirmed', isPaid: true })).toBe('This appointment is already paid');
  });

  it('describes the invoice line with the title and the start in the appointment’s time zone', () => {
    expect(invoiceLineDescription({ title: 'Bilan', startTime: '2032-01-15T09:00:00.000Z', timezone: 'Europe/Paris' })).toBe('Bilan — 2032-01-15 10:00 (Europe/Paris)');
    expect(invoiceLineDescription({ title: 'Bilan', startTime: '2032-07-01T23:30:00.000Z', timezone: 'America/New_York' })).toBe('Bilan — 2032-07-01 19:30 (America/New_York)');
    expect(invoiceLineDescription({ title: 'Bilan', startTime: '2032-07-01T22:00:00.000Z', timezone: 'Europe/Paris' })).toBe('Bilan — 2032-07-02 00:00 (Europe/Paris)');
  });
});

describe('a webhook on the payment', () => {
  const unpaid = { isPaid: false, lagoInvoiceId: 'inv-1' };

  it('payment_status succeeded pays; failed and pending unpay', () => {
    expect(decidePayment(unpaid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'succeeded', updatedAt: '2032-01-01T10:00:00Z' })).toEqual({
      apply: { isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:00Z' },
    });
    const paid = { isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:00Z' };
    for (const paymentStatus of ['failed', 'pending']) {
      expect(decidePayment(paid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus, updatedAt: '2032-01-01T10:00:05Z' })).toEqual({
        apply: { isPaid: false, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:05Z' },
      });
    }
  });

  it('ignores another invoice, an older event, an unknown status and a repeat', () => {
    const paid = { isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:00Z' };
    expect(decidePayment(paid, { kind: 'paymentStatus', invoiceId: 'inv-2', paymentStatus: 'failed' })).toEqual({ ignore: "not the appointment's current invoice" });
    expect(decidePayment(paid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'pending', updatedAt: '2032-01-01T09:59:59Z' })).toEqual({
      ignore: 'older than the last payment event applied',
    });
    expect(decidePayment(unpaid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'refunded' })).toEqual({ ignore: 'unknown payment status refunded' });
    expect(decidePayment(paid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'succeeded', updatedAt: '2032-01-01T10:00:00Z' })).toEqual({ ignore: 'nothing to change' });
  });

  it('an event without updated_at is older than a dated state: it never overwrites it', () => {
    const paid = { isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:00Z' };
    expect(decidePayment(paid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'failed' })).toEqual({ ignore: 'undated, so older than the last payment event applied' });
    expect(decidePayment(paid, { kind: 'voided', invoiceId: 'inv-1' })).toEqual({ ignore: 'undated, so older than the last payment event applied' });
    // With nothing dated applied yet, there is nothing newer to protect: it applies, and leaves no date.
    expect(decidePayment(unpaid, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'succeeded' })).toEqual({ apply: { isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: undefined } });
    // ... so that any dated event that follows still applies.
    expect(decidePayment({ isPaid: true, lagoInvoiceId: 'inv-1' }, { kind: 'paymentStatus', invoiceId: 'inv-1', paymentStatus: 'failed', updatedAt: '2031-01-01T00:00:00Z' })).toEqual({
      apply: { isPaid: false, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2031-01-01T00:00:00Z' },
    });
  });

  it('voided: unpaid and without invoice, so the next pay creates one', () => {
    expect(decidePayment({ isPaid: true, lagoInvoiceId: 'inv-1', paymentUpdatedAt: '2032-01-01T10:00:00Z' }, { kind: 'voided', invoiceId: 'inv-1', updatedAt: '2032-01-02T10:00:00Z' })).toEqual({
      apply: { isPaid: false, lagoInvoiceId: undefined, paymentUpdatedAt: undefined },
    });
  });

  it('a payment failure changes nothing (the status event that follows does)', () => {
    expect(decidePayment({ isPaid: true, lagoInvoiceId: 'inv-1' }, { kind: 'paymentFailure', invoiceId: 'inv-1' })).toEqual({ ignore: 'nothing to change' });
  });
});
