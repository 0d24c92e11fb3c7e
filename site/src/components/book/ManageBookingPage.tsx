import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeApiError } from '../../lib/api.ts';
import type { Appointment } from '../../lib/appointments.ts';
import { formatMoney } from '../../lib/format.ts';
import { capabilities } from '../../lib/health.ts';
import { fill } from '../../lib/i18n.ts';
import { localeOf, publicApi, tokenFromAddress } from '../../lib/public-booking.ts';
import { SlotPicker, type Slot } from '../appointments/SlotPicker.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { FormFooter } from '../ui/FormFooter.tsx';
import { SandboxNote } from '../ui/SandboxNote.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { BookingFrame, type BookingContext } from './BookingFrame.tsx';
import { BookingSummary, bookingWhen } from './BookingSummary.tsx';

interface Invoice {
  invoiceNumber: string;
  amount: number;
  currency: string;
  paymentUrl?: string;
}

type ManageAction = { action: 'cancel'; reason?: string } | { action: 'reschedule'; startTime: string; endTime: string } | { action: 'pay' };

const manage = (token: string, body: ManageAction) =>
  publicApi<{ appointment?: Appointment; payment?: Invoice }>('/public/bookings/manage', { method: 'POST', json: { token, ...body } });

/** Another free slot of the booking's product, with the same member of the team, past the change notice. */
function MoveDialog({
  appointment: a,
  token,
  noticeHours,
  context,
  onClose,
  onMoved,
}: {
  appointment: Appointment;
  token: string;
  noticeHours: number;
  context: BookingContext;
  onClose: () => void;
  onMoved: (moved: Appointment) => void;
}) {
  const { t, language } = context;
  const dialog = useRef<HTMLDivElement>(null);
  const [slot, setSlot] = useState<Slot>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [earliest] = useState(() => new Date(Date.now() + noticeHours * 3_600_000));
  const [pickerVersion, setPickerVersion] = useState(0);
  useModalKeys(dialog, onClose);
  useEffect(() => dialog.current?.querySelector<HTMLElement>('h2')?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!slot) return setError(t('book.slotMissing'));
    setBusy(true);
    setError(undefined);
    try {
      const { appointment } = await manage(token, { action: 'reschedule', startTime: slot.startTime, endTime: slot.endTime });
      onMoved(appointment!);
    } catch (e) {
      const taken = e instanceof ApiError && e.status === 409;
      setError(taken ? t('book.slotTaken') : describeApiError(e, language));
      if (taken) {
        setSlot(undefined);
        setPickerVersion((n) => n + 1);
      }
      setBusy(false);
    }
  }

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="move-title" ref={dialog}>
        <h2 id="move-title" tabIndex={-1}>
          {t('book.moveTitle')}
        </h2>
        <p className="muted">
          {fill(t('book.moveNow'), { when: bookingWhen(a, context) })} {a.status === 'pending' ? t('book.moveToTeam') : t('book.moveKeepsStatus')}
        </p>
        <form onSubmit={submit} noValidate>
          <SlotPicker key={pickerVersion} product={{ id: a.productId! }} chosen={slot} onChoose={setSlot} from={earliest} adminId={a.assignedAdminId} zone={a.timezone} language={language} />
          <FormFooter error={error} busy={busy} cancelLabel={t('book.close')} onCancel={onClose} submitLabel={t('book.moveSubmit')} busyLabel={t('book.saving')} />
        </form>
      </div>
    </div>
  );
}

/**
 * The manage link of every e-mail about a public booking: the booking as its client sees it, and
 * what they may do with it by the signed-in client's rules (move it within the change notice,
 * cancel it with a reason, pay it). The API decides; its refusals are said in the page's language.
 */
function ManageBooking({ context }: { context: BookingContext }) {
  const { t, language, href } = context;
  const [token] = useState(() => tokenFromAddress(window.location.search));
  const [appointment, setAppointment] = useState<Appointment>();
  const [loadRefusal, setLoadRefusal] = useState<unknown>();
  const [actionRefusal, setActionRefusal] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [invoice, setInvoice] = useState<Invoice>();
  const [powers, setPowers] = useState<{ payments: boolean; noticeHours: number }>();
  const statusLine = useRef<HTMLParagraphElement>(null);

  const load = useCallback(() => {
    if (!token) return;
    setLoadRefusal(undefined);
    publicApi<Appointment>(`/public/bookings/manage?token=${encodeURIComponent(token)}`).then(setAppointment, setLoadRefusal);
  }, [token]);
  useEffect(() => {
    load();
    void capabilities().then((c) => setPowers({ payments: c.payments, noticeHours: c.clientChangeNoticeHours }));
  }, [load]);
  useEffect(() => {
    if (done) statusLine.current?.focus();
  }, [done]);

  function saved(next: Appointment, message: string) {
    setAppointment(next);
    setActionRefusal(undefined);
    setDone(message);
  }

  async function cancel() {
    if (!token) return;
    setBusy(true);
    try {
      const { appointment: next } = await manage(token, { action: 'cancel', ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setCancelling(false);
      saved(next!, t('details.cancelled'));
    } catch (e) {
      setCancelling(false);
      setDone(undefined);
      setActionRefusal(e);
      load();
    } finally {
      setBusy(false);
    }
  }

  /** The Lago invoice, and its payment page when Lago gives one (as the signed-in pay route does). */
  async function pay() {
    if (!token) return;
    setBusy(true);
    try {
      const { payment } = await manage(token, { action: 'pay' });
      setInvoice(payment);
      setActionRefusal(undefined);
      if (payment?.paymentUrl) window.location.assign(payment.paymentUrl);
    } catch (e) {
      setActionRefusal(e);
    } finally {
      setBusy(false);
    }
  }

  if (!token) {
    return (
      <section className="notice" aria-labelledby="manage-title">
        <h1 id="manage-title">{t('book.linkProblemTitle')}</h1>
        <p>{t('book.linkMissing')}</p>
        <a className="button" href={href('/book/')}>
          {t('book.title')}
        </a>
      </section>
    );
  }
  if (loadRefusal !== undefined) {
    const status = loadRefusal instanceof ApiError ? loadRefusal.status : 0;
    const linkProblem = status === 404 || status === 400 || status === 410;
    return (
      <section className="notice notice-error" aria-labelledby="manage-title">
        <h1 id="manage-title">{linkProblem ? t('book.linkProblemTitle') : t('book.manageTitle')}</h1>
        <p role="alert">{describeApiError(loadRefusal, language)}</p>
        <div className="actions">
          {!linkProblem && (
            <button type="button" onClick={load}>
              {t('shell.retry')}
            </button>
          )}
          <a className={linkProblem ? 'button' : 'button secondary'} href={href('/book/')}>
            {t('book.title')}
          </a>
        </div>
      </section>
    );
  }
  if (!appointment || !powers) {
    return (
      <section aria-labelledby="manage-title">
        <h1 id="manage-title">{t('book.manageTitle')}</h1>
        <Skeleton label={t('shell.loading')} shape="card" />
      </section>
    );
  }

  const a = appointment;
  const open = a.status === 'pending' || a.status === 'confirmed';
  const beforeNotice = Date.parse(a.startTime) - Date.now() >= powers.noticeHours * 3_600_000;
  const payable = powers.payments && a.type === 'paid' && !a.isPaid && a.status !== 'cancelled';
  return (
    <section aria-labelledby="manage-title">
      <h1 id="manage-title">{t('book.manageTitle')}</h1>
      <p className="book-status-line" role="status" tabIndex={-1} ref={statusLine}>
        {done ?? ''}
      </p>
      {actionRefusal !== undefined && (
        <p className="form-error notice notice-error" role="alert">
          {describeApiError(actionRefusal, language)}
        </p>
      )}
      <article className="card details">
        <BookingSummary appointment={a} context={context} />
        {a.awaiting === 'admin' && a.status === 'pending' && <p className="muted">{t('appointments.waitingTeam')}</p>}
        {payable && (
          <div className="actions detail-actions">
            <button type="button" disabled={busy} onClick={() => void pay()}>
              {busy ? t('book.paying') : t('book.pay')}
            </button>
            {invoice && <span role="status">{fill(t('book.invoice'), { number: invoice.invoiceNumber, amount: formatMoney(invoice.amount, invoice.currency, localeOf(language)) })}</span>}
            <SandboxNote provider="payments" badge={t('sandbox.badge')}>
              {t('sandbox.payments')}
            </SandboxNote>
          </div>
        )}
        {open && (
          <div className="actions detail-actions">
            {a.productId && beforeNotice && (
              <button type="button" className="secondary" disabled={busy} onClick={() => setMoving(true)}>
                {t('book.move')}
              </button>
            )}
            <button type="button" className="danger-outline" disabled={busy} onClick={() => setCancelling(true)}>
              {t('details.cancel')}
            </button>
            {!beforeNotice && <p className="muted">{fill(t('book.tooLateToChange'), { hours: String(powers.noticeHours) })}</p>}
          </div>
        )}
        {a.status === 'cancelled' && (
          <p>
            <a href={href('/book/')}>{t('book.another')}</a>
          </p>
        )}
      </article>
      {moving && a.productId && (
        <MoveDialog
          appointment={a}
          token={token}
          noticeHours={powers.noticeHours}
          context={context}
          onClose={() => setMoving(false)}
          onMoved={(moved) => {
            setMoving(false);
            saved(moved, moved.status === 'pending' ? t('book.movedPending') : t('book.moved'));
          }}
        />
      )}
      {cancelling && (
        <ConfirmDialog
          title={t('book.cancelTitle')}
          confirmLabel={t('book.cancelConfirm')}
          cancelLabel={t('book.keep')}
          busyLabel={t('book.cancelling')}
          busy={busy}
          danger
          onCancel={() => setCancelling(false)}
          onConfirm={() => void cancel()}
        >
          <p>{t('book.cancelText')}</p>
          <label htmlFor="cancel-reason">{t('details.cancelReason')}</label>
          <input id="cancel-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
        </ConfirmDialog>
      )}
    </section>
  );
}

/** /book/manage/?token=…: a public booking, managed through the link of its e-mails. */
export function ManageBookingPage() {
  return <BookingFrame title="book.manageTitle">{(context) => <ManageBooking context={context} />}</BookingFrame>;
}
