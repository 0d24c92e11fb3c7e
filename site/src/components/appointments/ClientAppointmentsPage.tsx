import { useCallback, useEffect, useMemo, useState } from 'react';
import { describeApiError } from '../../lib/api.ts';
import { fetchAll, updateAppointment, type Appointment } from '../../lib/appointments.ts';
import { dayKey, formatDay, formatMoney, formatRangeWithZone } from '../../lib/format.ts';
import { translator } from '../../lib/i18n.ts';
import { foldForSearch } from '../../../../shared/domain/search.ts';
import { AppShell } from '../AppShell.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { ProposedTimesChoice, offersChoice } from './ProposedTimesChoice.tsx';
import { useToast } from '../ui/Toast.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';

const t = translator('fr');
const STATUSES = ['pending', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;

interface PendingCardProps {
  items: Appointment[];
  onConfirm: (a: Appointment) => void;
  onChosen: (saved: Appointment) => void;
  onRefused: (message: string) => void;
  busy?: string;
}

function PendingCard({ items, onConfirm, onChosen, onRefused, busy }: PendingCardProps) {
  if (items.length === 0) return null;
  return (
    <section className="pending-card" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('appointments.pendingTitle')}</h2>
      <p>{t('appointments.pendingIntro')}</p>
      <ul>
        {items.map((a) => (
          <li key={a.id} className="pending-item">
            <div>
              <strong>{a.title}</strong>
              {a.description && <p className="muted">{a.description}</p>}
              {!offersChoice(a) && (
                <p>
                  {formatDay(a.startTime)} · {formatRangeWithZone(a.startTime, a.endTime, a.timezone)}
                </p>
              )}
              {(a.location || a.meetingUrl) && (
                <p>
                  {a.location}
                  {a.location && a.meetingUrl && ' · '}
                  {a.meetingUrl && (
                    <a className="badge badge-video" href={a.meetingUrl} target="_blank" rel="noopener noreferrer">
                      {t('appointments.video')}
                    </a>
                  )}
                </p>
              )}
            </div>
            {offersChoice(a) && <ProposedTimesChoice appointment={a} onConfirmed={onChosen} onRefused={onRefused} />}
            <div className="actions">
              <a className="button secondary" href={`/dashboard/appointments/${a.id}`}>
                {t('appointments.details')}
              </a>
              {!offersChoice(a) && (
                <button type="button" onClick={() => onConfirm(a)} disabled={busy === a.id}>
                  {t('appointments.confirm')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function matches(a: Appointment, search: string) {
  if (!search) return true;
  const text = foldForSearch([a.title, a.attendeeName, a.attendeeEmail, a.description].filter(Boolean).join(' '));
  return text.includes(foldForSearch(search.trim()));
}

export function ClientAppointmentsPage() {
  const [items, setItems] = useState<Appointment[]>();
  const [error, setError] = useState<string>();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  const [busy, setBusy] = useState<string>();
  const { toast, success, error: fail } = useToast();

  const load = useCallback(() => {
    fetchAll<Appointment>('/appointments', { limit: '200' }).then(setItems, (e: unknown) => setError(describeApiError(e)));
  }, []);
  useEffect(load, [load]);

  async function confirm(a: Appointment) {
    setBusy(a.id);
    try {
      const updated = await updateAppointment(a.id, { status: 'confirmed', version: a.version });
      setItems((current) => current?.map((x) => (x.id === a.id ? updated : x)));
      success(t('appointments.confirmed'));
    } catch (e) {
      fail(describeApiError(e));
    } finally {
      setBusy(undefined);
    }
  }

  const pending = useMemo(() => (items ?? []).filter((a) => a.awaiting === 'client'), [items]);
  const groups = useMemo(() => {
    const visible = (items ?? []).filter((a) => (!status || a.status === status) && (!type || a.type === type) && matches(a, search));
    const byDay = new Map<string, Appointment[]>();
    for (const a of visible) byDay.set(dayKey(a.startTime), [...(byDay.get(dayKey(a.startTime)) ?? []), a]);
    return [...byDay.entries()].sort(([x], [y]) => x.localeCompare(y));
  }, [items, status, type, search]);

  return (
    <AppShell area="client" active="/dashboard/appointments/" title={t('nav.appointments')}>
      {() => (
        <section>
          <div className="page-head">
            <h1>{t('appointments.title')}</h1>
            <div className="actions">
              <a className="button secondary" href="/dashboard/calendar/">
                {t('appointments.calendar')}
              </a>
              <a className="button" href="/dashboard/appointments/new/">
                {t('appointments.new')}
              </a>
            </div>
          </div>
          {error && <p role="alert" className="form-error">{error}</p>}
          {!items && !error && <Skeleton label={t('shell.loading')} />}
          {items && (
            <>
              <PendingCard
                items={pending}
                onConfirm={confirm}
                onChosen={(saved) => {
                  setItems((current) => current?.map((x) => (x.id === saved.id ? saved : x)));
                  success(t('appointments.confirmed'));
                }}
                onRefused={(message) => {
                  fail(message);
                  load();
                }}
                busy={busy}
              />
              <div className="filters" role="search">
                <label>
                  <span className="sr-only">{t('appointments.search')}</span>
                  <input type="search" placeholder={t('appointments.searchHint')} value={search} onChange={(e) => setSearch(e.target.value)} />
                </label>
                <label>
                  {t('appointments.filterStatus')}
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">{t('appointments.all')}</option>
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`status.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('appointments.filterType')}
                  <select value={type} onChange={(e) => setType(e.target.value)}>
                    <option value="">{t('appointments.all')}</option>
                    <option value="free">{t('type.free')}</option>
                    <option value="paid">{t('type.paid')}</option>
                  </select>
                </label>
              </div>
              {groups.length === 0 &&
                (search || status || type ? (
                  <EmptyState
                    message={t('appointments.empty')}
                    action={
                      <button type="button" className="secondary" onClick={() => (setSearch(''), setStatus(''), setType(''))}>
                        {t('appointments.clearFilters')}
                      </button>
                    }
                  />
                ) : (
                  <EmptyState
                    message={t('appointments.none')}
                    action={
                      <a className="button" href="/dashboard/appointments/new/">
                        {t('appointments.requestOne')}
                      </a>
                    }
                  />
                ))}
              {groups.map(([day, list]) => (
                <section key={day} className="day-group" aria-label={formatDay(list[0]!.startTime)}>
                  <h2 className="day-title">{formatDay(list[0]!.startTime)}</h2>
                  <ul className="cards">
                    {list.map((a) => (
                      <li key={a.id}>
                        <a className="appointment-card" href={`/dashboard/appointments/${a.id}`}>
                          <span className="time">{formatRangeWithZone(a.startTime, a.endTime, a.timezone)}</span>
                          <span className="title">{a.title}</span>
                          <StatusBadge status={a.status} />
                          {a.type === 'paid' && (
                            <span className={`badge ${a.isPaid ? 'badge-confirmed' : 'badge-pending'}`}>
                              {formatMoney(a.price, a.currency)} · {t(a.isPaid ? 'pay.paid' : 'pay.unpaid')}
                            </span>
                          )}
                          {a.attendeeName && <span className="muted">{a.attendeeName}</span>}
                          {(a.location || a.meetingUrl) && (
                            <span className="where">
                              {a.location && <span className="muted">{a.location}</span>}
                              {a.meetingUrl && <span className="badge badge-video">{t('appointments.video')}</span>}
                            </span>
                          )}
                          {a.awaiting === 'admin' && <span className="muted small">{t('appointments.waitingTeam')}</span>}
                          {offersChoice(a) && <span className="muted small">{a.proposedTimes!.length} horaires proposés : choisissez-en un</span>}
                        </a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}
