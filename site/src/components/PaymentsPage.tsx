import { useCallback, useEffect, useState } from 'react';
import { api, describeApiError } from '../lib/api.ts';
import { detailsHref, fetchAll, type Appointment } from '../lib/appointments.ts';
import { formatDay, formatMoney, formatTime } from '../lib/format.ts';
import { capabilities } from '../lib/health.ts';
import { translator } from '../lib/i18n.ts';
import { AppShell } from './AppShell.tsx';
import { useToast } from './ui/Toast.tsx';
import { EmptyState } from './ui/EmptyState.tsx';
import { SandboxNote } from './ui/SandboxNote.tsx';
import { Skeleton } from './ui/Skeleton.tsx';

const t = translator('fr');

interface Invoice {
  invoiceNumber: string;
  amount: number;
  currency: string;
  paymentUrl?: string;
}

/** What the client reads for a paid appointment's payment. */
function paymentState(a: Appointment): { label: string; className: string } {
  if (a.isPaid) return { label: 'Payé', className: 'badge badge-confirmed' };
  if (a.status === 'cancelled') return { label: 'Annulé, rien à payer', className: 'badge badge-completed' };
  return { label: 'À payer', className: 'badge badge-pending' };
}

/**
 * The seed's client "Payments" page: every paid appointment of the client with its amount, the
 * invoice number once there is an invoice, whether it is paid, and "Payer" where something is due
 * (the same pay route as the details page: it creates the Lago invoice once, then opens its
 * payment page when Lago gives one).
 */
export function PaymentsPage() {
  const [items, setItems] = useState<Appointment[]>();
  const [error, setError] = useState<string>();
  const [payments, setPayments] = useState(false);
  const [paying, setPaying] = useState<string>();
  const [invoices, setInvoices] = useState<Record<string, Invoice>>({});
  const { toast, error: fail } = useToast();

  const load = useCallback(() => {
    fetchAll<Appointment>('/appointments', { type: 'paid', limit: '100' }).then(
      (list) => setItems([...list].sort((a, b) => b.startTime.localeCompare(a.startTime))),
      (e: unknown) => setError(describeApiError(e)),
    );
  }, []);
  useEffect(() => {
    load();
    void capabilities().then((c) => setPayments(c.payments));
  }, [load]);

  async function pay(a: Appointment) {
    setPaying(a.id);
    try {
      const invoice = await api<Invoice>(`/appointments/${a.id}/pay`, { method: 'POST' });
      setInvoices((all) => ({ ...all, [a.id]: invoice }));
      if (invoice.paymentUrl) window.location.assign(invoice.paymentUrl);
    } catch (e) {
      fail(describeApiError(e));
    } finally {
      setPaying(undefined);
    }
  }

  const due = (items ?? []).filter((a) => !a.isPaid && a.status !== 'cancelled');
  const total = due.reduce<Record<string, number>>((sum, a) => ({ ...sum, [a.currency]: (sum[a.currency] ?? 0) + a.price }), {});

  return (
    <AppShell area="client" active="/dashboard/payments/" title={t('nav.payments')}>
      {() => (
        <section>
          <h1>Paiements</h1>
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
          {!items && !error && <Skeleton label={t('shell.loading')} />}
          {items?.length === 0 && (
            <EmptyState
              message="Aucun rendez-vous payant pour l’instant."
              hint="Quand l’équipe fixe un prix pour l’un de vos rendez-vous, il apparaît ici avec sa facture."
              action={
                <a className="button secondary" href="/dashboard/appointments/">
                  Voir mes rendez-vous
                </a>
              }
            />
          )}
          {items && items.length > 0 && (
            <>
              <p className="muted" role="status">
                {due.length === 0
                  ? 'Tout est réglé.'
                  : `À régler : ${Object.entries(total)
                      .map(([currency, cents]) => formatMoney(cents, currency))
                      .join(' + ')} (${due.length} rendez-vous).`}
              </p>
              {due.length > 0 && (
                <SandboxNote provider="payments" badge={t('sandbox.badge')}>
                  {t('sandbox.payments')}
                </SandboxNote>
              )}
              <ul className="people" aria-label="Rendez-vous payants">
                {items.map((a) => {
                  const state = paymentState(a);
                  const invoice = invoices[a.id];
                  const number = invoice?.invoiceNumber ?? a.invoiceNumber;
                  return (
                    <li key={a.id} className="person">
                      <span className="person-open">
                        <a className="person-name" href={detailsHref('client', a.id)}>
                          {a.title}
                        </a>
                        <span className="person-email">
                          {formatDay(a.startTime)} · {formatTime(a.startTime)}
                        </span>
                      </span>
                      <span className="person-facts">
                        <strong>{formatMoney(a.price, a.currency)}</strong>
                        <span className={state.className}>{state.label}</span>
                        <span className="muted">{number ? `Facture ${number}` : 'Pas encore de facture'}</span>
                        {invoice?.paymentUrl && <a href={invoice.paymentUrl}>Page de paiement</a>}
                        {payments && !a.isPaid && a.status !== 'cancelled' && (
                          <button type="button" disabled={paying === a.id} onClick={() => void pay(a)} aria-label={`Payer ${a.title}`}>
                            {paying === a.id ? 'Préparation…' : 'Payer'}
                          </button>
                        )}
                      </span>
                    </li>
                  );
                })}
              </ul>
              {!payments && due.length > 0 && <p className="muted">Le paiement en ligne n’est pas activé : l’équipe vous indiquera comment régler.</p>}
            </>
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}
