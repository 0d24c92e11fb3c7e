import { useCallback, useEffect, useState } from 'react';
import { capabilities } from '../../lib/health.ts';
import { ApiError, api, describeApiError } from '../../lib/api.ts';
import { updateAppointment, type Appointment, type AppointmentStatus } from '../../lib/appointments.ts';
import { formatDateTime, formatDay, formatMoney, formatRangeWithZone } from '../../lib/format.ts';
import { actorText, changedText, eventText, fetchHistory, type HistoryEntry } from '../../lib/history.ts';
import { translator } from '../../lib/i18n.ts';
import { AppShell } from '../AppShell.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { useToast } from '../ui/Toast.tsx';
import { EditAppointmentDialog, type TeamMember } from './EditAppointmentDialog.tsx';
import { PlaceAndPriceFacts } from './PlaceAndPriceFacts.tsx';
import { ProposedTimesChoice, offersChoice } from './ProposedTimesChoice.tsx';
import { RescheduleDialog } from './RescheduleDialog.tsx';
import { SandboxNote } from '../ui/SandboxNote.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The id from /…/appointments/<id> (deep link) or ?id= (the static page itself). */
function idFromLocation(): string | undefined {
  return UUID.exec(window.location.pathname)?.[0] ?? new URLSearchParams(window.location.search).get('id') ?? undefined;
}

interface Props {
  area: 'client' | 'admin';
}

/** Its event moved or deleted in someone's connected calendar (admins only; the appointment itself is unchanged). */
interface ExternalChange {
  kind: 'moved' | 'deleted';
  provider: 'google' | 'microsoft';
  email: string;
  startTime?: string;
  endTime?: string;
  detectedAt: string;
}

const PROVIDER_NAMES = { google: 'Google Calendar', microsoft: 'Outlook' } as const;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The appointment's status history as a short timeline, oldest first. */
function Timeline({ entries, error, language, locale }: { entries?: HistoryEntry[]; error?: boolean; language: 'fr' | 'en'; locale: string }) {
  const t = translator(language);
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {error && <p className="muted">{t('history.error')}</p>}
      {!entries && !error && <p className="muted">{t('shell.loading')}</p>}
      {entries && entries.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {entries && entries.length > 0 && (
        <ol className="timeline">
          {entries.map((entry) => {
            const changed = changedText(entry, language);
            return (
              <li key={`${entry.occurredAt}-${entry.version}`} className={`timeline-item timeline-${entry.change === 'deleted' ? 'cancelled' : (entry.statusAfter ?? 'pending')}`}>
                <div className="timeline-head">
                  <strong>{eventText(entry, language)}</strong>
                  <time dateTime={entry.occurredAt} className="muted small">
                    {formatDateTime(entry.occurredAt, locale)}
                  </time>
                </div>
                <p className="muted small">
                  {actorText(entry, language)}
                  {changed && <> · {changed}</>}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

interface AdminAction {
  to: AppointmentStatus;
  label: string;
  /** Only once the appointment has started (the API refuses earlier). */
  afterStart?: boolean;
  /** Asked first: what the dialog says, and whether a reason (seen by the client) may go with it. */
  ask?: { title: string; question: string; confirm: string; reason?: boolean };
}

/** Admin actions per status (the API enforces the same graph). A client's request is rejected, the team's own cancelled. */
function adminActions(status: AppointmentStatus, clientRequest: boolean): AdminAction[] {
  const cancel: AdminAction = clientRequest
    ? { to: 'cancelled', label: 'Reject', ask: { title: 'Reject this request?', question: 'The client is told by e-mail, with your reason if you give one.', confirm: 'Reject request', reason: true } }
    : { to: 'cancelled', label: 'Cancel', ask: { title: 'Cancel this appointment?', question: 'The client is told by e-mail, with your reason if you give one.', confirm: 'Cancel appointment', reason: true } };
  switch (status) {
    case 'pending':
      return [{ to: 'confirmed', label: 'Confirm' }, cancel];
    case 'confirmed':
      return [
        { to: 'completed', label: 'Mark completed', afterStart: true },
        {
          to: 'no_show',
          label: 'Mark no-show',
          afterStart: true,
          ask: { title: 'Mark as no-show?', question: 'The appointment is recorded as missed by the client.', confirm: 'Mark no-show' },
        },
        cancel,
      ];
    case 'cancelled':
      return [{ to: 'pending', label: 'Reopen' }];
    default:
      return [];
  }
}

export function AppointmentDetailsPage({ area }: Props) {
  const language = area === 'admin' ? 'en' : 'fr';
  const t = translator(language);
  const locale = area === 'admin' ? 'en-GB' : 'fr-FR';
  const [appointment, setAppointment] = useState<Appointment & { notes?: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [payments, setPayments] = useState(false);
  const [invoice, setInvoice] = useState<{ invoiceNumber: string; amount: number; currency: string; paymentUrl?: string }>();
  const [history, setHistory] = useState<HistoryEntry[]>();
  const [historyError, setHistoryError] = useState(false);
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState<AdminAction>();
  const [clientCancelling, setClientCancelling] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);
  const [noticeHours, setNoticeHours] = useState(24);
  const { toast, success, error: fail } = useToast();

  const load = useCallback(() => {
    const id = idFromLocation();
    if (!id) return setError(t('details.notFound'));
    api<Appointment>(`/appointments/${id}`).then(setAppointment, (e: unknown) => setError(e instanceof ApiError && e.status === 404 ? t('details.notFound') : describeApiError(e)));
  }, [t]);

  /**
   * The history is written off the request path (a job on AppointmentChanged): after a change,
   * ask again a few times until the entry of the version just saved shows up.
   */
  const loadHistory = useCallback(async (untilVersion?: number) => {
    const id = idFromLocation();
    if (!id) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const entries = await fetchHistory(id);
        setHistory(entries);
        setHistoryError(false);
        if (untilVersion === undefined || entries.some((e) => e.version >= untilVersion)) return;
      } catch {
        setHistoryError(true);
        return;
      }
      await pause(400 * (attempt + 1));
    }
  }, []);

  useEffect(() => {
    // The first screen from one route (the appointment, its history, the team for admins): one
    // function to wake besides the deployment's capabilities, instead of three or four.
    const id = idFromLocation();
    if (!id) setError(t('details.notFound'));
    else
      api<{ appointment: Appointment & { notes?: string }; history: HistoryEntry[] | null; team?: TeamMember[] }>(`/appointments/${id}/details`).then(
        (details) => {
          setAppointment(details.appointment);
          if (details.history) setHistory(details.history);
          else setHistoryError(true);
          setTeam(details.team ?? []);
        },
        (e: unknown) => setError(e instanceof ApiError && e.status === 404 ? t('details.notFound') : describeApiError(e)),
      );
    void capabilities().then((c) => {
      setPayments(c.payments);
      setNoticeHours(c.clientChangeNoticeHours);
    });
    // The list's "Edit…" opens the page with its dialog.
    if (area === 'admin' && new URLSearchParams(window.location.search).get('edit') === '1') setEditing(true);
    if (new URLSearchParams(window.location.search).get('created')) success(t('new.sent'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** A change the server accepted: show the saved appointment, say so, and add it to the history. */
  function showSaved(saved: Appointment, message: string) {
    setAppointment(saved);
    success(message);
    void loadHistory(saved.version);
  }

  async function change(status: AppointmentStatus, message: string, givenReason = reason) {
    if (!appointment) return;
    setBusy(true);
    try {
      const body: Record<string, unknown> = { status, version: appointment.version };
      if (status === 'cancelled' && givenReason.trim()) body.cancellationReason = givenReason.trim();
      showSaved(await updateAppointment(appointment.id, body), message);
    } catch (e) {
      fail(describeApiError(e));
      load();
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  }

  /** Creates (or finds) the Lago invoice and goes to its payment page when Lago gives one. */
  async function pay() {
    if (!appointment) return;
    setBusy(true);
    try {
      const result = await api<{ invoiceNumber: string; amount: number; currency: string; paymentUrl?: string }>(`/appointments/${appointment.id}/pay`, { method: 'POST' });
      setInvoice(result);
      if (result.paymentUrl) window.location.assign(result.paymentUrl);
    } catch (e) {
      fail(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const a = appointment;
  const assignee = a?.assignedAdminId ? team.find((member) => member.id === a.assignedAdminId) : undefined;
  const started = a ? Date.parse(a.startTime) <= Date.now() : false;
  const externalChange = a?.externalChange as ExternalChange | undefined;
  const payable = payments && a?.type === 'paid' && !a.isPaid && a.status !== 'cancelled';
  const listHref = area === 'admin' ? '/admin/appointments/' : '/dashboard/appointments/';
  const calendarHref = area === 'admin' ? '/admin/appointments/calendar/' : '/dashboard/calendar/';
  return (
    <AppShell area={area} active={listHref} title={t('details.title')}>
      {() => (
        <section>
          <p>
            <a href={listHref}>← {t('details.back')}</a>
          </p>
          {error && <p role="alert" className="form-error">{error}</p>}
          {!a && !error && <Skeleton label={t('shell.loading')} shape="card" />}
          {a && (
            <article className="card details">
              <div className="page-head">
                <h1>{a.title}</h1>
                <StatusBadge status={a.status} language={language} />
              </div>
              {a.description && <p>{a.description}</p>}
              {area === 'admin' && externalChange && (
                <div className="notice" role="status">
                  <p>
                    <strong>
                      {externalChange.kind === 'moved' ? 'Moved' : 'Deleted'} in {PROVIDER_NAMES[externalChange.provider]}
                    </strong>{' '}
                    ({externalChange.email})
                    {externalChange.kind === 'moved' && externalChange.startTime && externalChange.endTime && (
                      <> to {formatDay(externalChange.startTime, locale)} · {formatRangeWithZone(externalChange.startTime, externalChange.endTime, a.timezone, locale)}</>
                    )}
                    . This appointment was not changed: reschedule or cancel it here if needed; confirming or editing it puts this version back in the calendar.
                  </p>
                </div>
              )}
              <dl className="facts">
                {a.status === 'pending' && (a.proposedTimes?.length ?? 0) > 1 ? (
                  // The client chooses among them below: listed here for admins only.
                  area === 'client' && offersChoice(a) ? null : (
                  <>
                    <dt>{area === 'admin' ? 'Proposed times' : 'Horaires proposés'}</dt>
                    <dd>
                      <ul className="plain">
                        {a.proposedTimes!.map((time) => (
                          <li key={time.startTime}>
                            {formatDay(time.startTime, locale)} · {formatRangeWithZone(time.startTime, time.endTime, a.timezone, locale)}
                          </li>
                        ))}
                      </ul>
                      {area === 'admin' && <span className="muted small">Each is held until the client chooses one.</span>}
                    </dd>
                  </>
                  )
                ) : (
                  <>
                    <dt>{t('details.when')}</dt>
                    <dd>
                      {formatDay(a.startTime, locale)} · {formatRangeWithZone(a.startTime, a.endTime, a.timezone, locale)}
                    </dd>
                  </>
                )}
                <PlaceAndPriceFacts appointment={a} t={t} locale={locale} />
                {area === 'admin' && (
                  <>
                    <dt>Assigned admin</dt>
                    <dd>{a.assignedAdminId ? (assignee?.name ?? '…') : <span className="muted">Unassigned</span>}</dd>
                  </>
                )}
                {a.attendeeName && (
                  <>
                    <dt>{area === 'admin' ? 'Client' : 'Participant'}</dt>
                    <dd>
                      {a.attendeeName} {a.attendeeEmail && `<${a.attendeeEmail}>`}
                    </dd>
                  </>
                )}
                {a.clientNote && (
                  <>
                    <dt>{area === 'admin' ? 'Client note' : t('details.note')}</dt>
                    <dd>{a.clientNote}</dd>
                  </>
                )}
                {area === 'admin' && a.notes && (
                  <>
                    <dt>Internal notes</dt>
                    <dd>{a.notes}</dd>
                  </>
                )}
                {a.cancellationReason && (
                  <>
                    <dt>{area === 'admin' ? 'Cancellation reason' : 'Motif d’annulation'}</dt>
                    <dd>{a.cancellationReason}</dd>
                  </>
                )}
              </dl>
              {payable && (
                <div className="actions detail-actions">
                  <button type="button" disabled={busy} onClick={() => void pay()}>
                    {area === 'admin' ? 'Create invoice' : 'Payer'}
                  </button>
                  {invoice && (
                    <span role="status">
                      {area === 'admin' ? 'Invoice' : 'Facture'} {invoice.invoiceNumber} · {formatMoney(invoice.amount, invoice.currency, locale)}
                    </span>
                  )}
                  <SandboxNote provider="payments" badge={t('sandbox.badge')}>
                    {t('sandbox.payments')}
                  </SandboxNote>
                </div>
              )}
              {area === 'client' && (
                <div className="actions detail-actions">
                  {offersChoice(a) ? (
                    <ProposedTimesChoice
                      appointment={a}
                      onConfirmed={(saved) => showSaved(saved, t('appointments.confirmed'))}
                      onRefused={(message) => {
                        fail(message);
                        load();
                      }}
                    />
                  ) : (
                    a.awaiting === 'client' && (
                      <button type="button" disabled={busy} onClick={() => change('confirmed', t('appointments.confirmed'))}>
                        {t('appointments.confirm')}
                      </button>
                    )
                  )}
                  {a.awaiting === 'admin' && <p className="muted">{t('appointments.waitingTeam')}</p>}
                  {/* While the team offers a choice of times, the client picks one of them rather than moving it. */}
                  {!offersChoice(a) &&
                    (a.status === 'pending' || a.status === 'confirmed') &&
                    (Date.parse(a.startTime) - Date.now() >= noticeHours * 3_600_000 ? (
                      <button type="button" className="secondary" disabled={busy} onClick={() => setRescheduling(true)}>
                        Déplacer
                      </button>
                    ) : (
                      <p className="muted">Il commence dans moins de {noticeHours} heures : pour le déplacer, contactez l’équipe.</p>
                    ))}
                  {rescheduling && (
                    <RescheduleDialog
                      appointment={a}
                      noticeHours={noticeHours}
                      onClose={() => setRescheduling(false)}
                      onSaved={(saved) => {
                        setRescheduling(false);
                        showSaved(saved, saved.status === 'pending' ? 'Nouvel horaire envoyé à l’équipe' : 'Rendez-vous déplacé');
                      }}
                    />
                  )}
                  {(a.status === 'pending' || a.status === 'confirmed') && (
                    <button type="button" className="danger-outline" disabled={busy} onClick={() => setClientCancelling(true)}>
                      {t('details.cancel')}
                    </button>
                  )}
                  {clientCancelling && (
                    <ConfirmDialog
                      title="Annuler ce rendez-vous ?"
                      confirmLabel="Oui, annuler"
                      cancelLabel="Garder le rendez-vous"
                      busyLabel="Annulation…"
                      busy={busy}
                      danger
                      onCancel={() => setClientCancelling(false)}
                      onConfirm={() => void change('cancelled', t('details.cancelled')).then(() => setClientCancelling(false))}
                    >
                      <p>L’équipe est prévenue par e-mail{a.status === 'confirmed' ? ' et le créneau est libéré' : ''}.</p>
                      <label htmlFor="reason">{t('details.cancelReason')}</label>
                      <input id="reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
                    </ConfirmDialog>
                  )}
                </div>
              )}
              {area === 'admin' && (
                <div className="actions detail-actions">
                  {a.awaiting === 'admin' && <p className="muted">A client’s request: set the price with Edit if it is paid, then confirm or reject it.</p>}
                  {a.status !== 'completed' && a.status !== 'no_show' && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => setEditing(true)}>
                      Edit
                    </button>
                  )}
                  {adminActions(a.status, a.awaiting === 'admin')
                    .filter((action) => !action.afterStart || started)
                    .map((action) => (
                      <button
                        key={action.to}
                        type="button"
                        className={action.to === 'cancelled' || action.to === 'no_show' ? 'danger' : undefined}
                        disabled={busy}
                        onClick={() => (action.ask ? setAsking(action) : change(action.to, `Appointment ${action.to.replace('_', '-')}`))}
                      >
                        {action.label}
                      </button>
                    ))}
                  {a.status === 'confirmed' && !started && <p className="muted small">Completed and no-show can be marked once it has started.</p>}
                </div>
              )}
              {asking?.ask && (
                <ConfirmDialog
                  title={asking.ask.title}
                  confirmLabel={asking.ask.confirm}
                  cancelLabel="Keep it"
                  busyLabel="Saving…"
                  busy={busy}
                  danger
                  onCancel={() => setAsking(undefined)}
                  onConfirm={() => void change(asking.to, asking.to === 'cancelled' ? (a.awaiting === 'admin' ? 'Request rejected' : 'Appointment cancelled') : 'Appointment no-show', reason)}
                >
                  <p>{asking.ask.question}</p>
                  {asking.ask.reason && (
                    <>
                      <label htmlFor="admin-reason">Reason (optional, the client sees it)</label>
                      <input id="admin-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
                    </>
                  )}
                </ConfirmDialog>
              )}
              {editing && (
                <EditAppointmentDialog
                  appointment={a}
                  team={team}
                  onClose={() => setEditing(false)}
                  onSaved={(saved) => {
                    setEditing(false);
                    showSaved(saved, 'Appointment saved');
                  }}
                />
              )}
              <Timeline entries={history} error={historyError} language={language} locale={locale} />
              <p>
                <a href={calendarHref}>{t('appointments.calendar')} →</a>
              </p>
            </article>
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}
