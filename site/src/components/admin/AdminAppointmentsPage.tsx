import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, SessionExpiredError, apiDownload, apiEnvelope, api, describeApiError } from '../../lib/api.ts';
import { personName, updateAppointment, type AdminAppointment, type AppointmentStatus } from '../../lib/appointments.ts';
import { formatMoney, viewerZone } from '../../lib/format.ts';
import { DAY_MAX, DAY_MIN, dayStart, formatDayLabel, formatMonth, isUsableDay, shiftMonth } from '../../lib/periods.ts';
import type { MonthStats } from '../../../../shared/domain/appointments/stats.ts';
import { APPOINTMENT_STATUSES } from '../../../../shared/domain/vocabulary.ts';
import { AppShell } from '../AppShell.tsx';
import { AssignAdminDialog, type AdminOption } from './AssignAdminDialog.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { useToast } from '../ui/Toast.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { DateField } from '../ui/DateTimeFields.tsx';

type Stats = MonthStats & { month: string };

/** The statuses as the admin pages name them. */
const STATUS_LABELS: Record<AppointmentStatus, string> = { pending: 'Pending', confirmed: 'Confirmed', cancelled: 'Cancelled', completed: 'Completed', no_show: 'No-show' };

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** What the stats panel shows: the month asked for, and that month's figures once they arrive. */
interface StatsState {
  /** The month shown (YYYY-MM); undefined until the API said which month is the current one. */
  month?: string;
  /** The current month, as the API counts it (its answer to a stats call without `month`). */
  current?: string;
  stats?: Stats;
  loading: boolean;
  error?: string;
}

/**
 * The month's statistics, in a panel of their own with the month in its heading and buttons to
 * change month: they count every appointment of that month, whatever the list's filters.
 */
function StatsPanel({ state, onMonth, onRetry }: { state: StatsState; onMonth: (month: string) => void; onRetry: () => void }) {
  const { month, current, stats, loading, error } = state;
  const period = month ? formatMonth(month) : 'the current month';
  const shown = !loading && !error && stats && stats.month === month ? stats : undefined;
  /** label, figure, what the figure is made of (small, under it), the tile's kind (its place in the grid). */
  const cards: Array<[string, string, string | undefined, 'total' | 'count' | 'money']> = shown
    ? [
        ['Total', String(shown.total), undefined, 'total'],
        ['Pending', String(shown.pending), undefined, 'count'],
        ['Confirmed', String(shown.confirmed), undefined, 'count'],
        ['Completed', String(shown.completed), undefined, 'count'],
        ['Cancelled / no-show', `${shown.cancelled} / ${shown.noShow}`, undefined, 'count'],
        ['Revenue', formatMoney(shown.totalRevenue, 'EUR', 'en-GB'), `${shown.paidAppointments} paid`, 'money'],
        ['Unpaid', formatMoney(shown.unpaidAmount, 'EUR', 'en-GB'), `${shown.unpaidAppointments} to collect`, 'money'],
      ]
    : [];
  const onCurrent = !current || month === current;
  return (
    <section className="card stats-panel" aria-labelledby="stats-heading" aria-busy={loading}>
      <div className="calendar-toolbar" style={{ marginBottom: '0.25rem' }}>
        <h2 id="stats-heading" className="calendar-label" aria-live="polite">
          Statistics for {period}
          {month && month === current && <span className="muted small"> (this month)</span>}
        </h2>
        <div className="actions" role="group" aria-label="Month of the statistics">
          <button type="button" className="secondary" disabled={!month} onClick={() => month && onMonth(shiftMonth(month, -1))}>
            <span aria-hidden="true">‹ </span>Previous month
          </button>
          {/* aria-disabled, not disabled: the button keeps the focus after it was used. */}
          <button
            type="button"
            className="secondary"
            aria-disabled={onCurrent}
            style={onCurrent ? { opacity: 0.6, cursor: 'default' } : undefined}
            onClick={() => !onCurrent && current && onMonth(current)}
          >
            This month
          </button>
          <button type="button" className="secondary" disabled={!month} onClick={() => month && onMonth(shiftMonth(month, 1))}>
            Next month<span aria-hidden="true"> ›</span>
          </button>
        </div>
      </div>
      <p className="muted small" style={{ margin: '0 0 0.75rem' }}>
        Every appointment starting in {period}, whatever the search, filters and dates of the list below.
      </p>
      {loading && (
        <p aria-live="polite" className="muted" style={{ margin: 0, minHeight: '4.1rem' }}>
          Loading the statistics…
        </p>
      )}
      {error && (
        <div role="alert" style={{ display: 'flex', gap: '0.5rem', alignItems: 'baseline', flexWrap: 'wrap' }}>
          <p className="form-error" style={{ margin: 0 }}>
            The statistics for {period} could not be loaded: {error}
          </p>
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {shown && (
        <dl className="month-stats">
          {cards.map(([label, value, detail, kind]) => (
            <div key={label} className={`stat stat-${kind}`}>
              <dt className="muted small">{label}</dt>
              <dd>
                <strong>{value}</strong>
                {/* Under the figure; the separator is read and copied, not shown. */}
                {detail && (
                  <span className="muted small stat-detail">
                    <span className="sr-only"> · </span>
                    {detail}
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/**
 * The client of a row: the name, then the e-mail under it in small muted text (the address alone
 * when there is no name). The address stays on one line, cut with an ellipsis when the column is
 * narrower: the title shows it whole on hover, and the text is all there for screen readers and copies.
 */
function ClientCell({ item }: { item: AdminAppointment }) {
  const email = item.user?.email ?? item.attendeeEmail;
  const named = Boolean(item.user?.firstName || item.user?.lastName);
  return (
    <span className="person-cell">
      {(named || !email) && <span className="person-cell-name">{personName(item.user)}</span>}
      {email && (
        // No name: the address alone fills the column the other rows give it (it asks no width of its own).
        <span className={named ? 'person-cell-email muted small' : 'person-cell-email fill-cell'} title={email}>
          {email}
        </span>
      )}
      {item.user?.disabled && <span className="badge badge-cancelled">Account disabled</span>}
    </span>
  );
}


/** The list's From / To days, checked: the API's [startDate, endDate) when they are usable. */
function checkRange(from: string, to: string): { startDate?: string; endDate?: string; fromError?: string; toError?: string } {
  const outOfRange = (day: string) => day !== '' && !isUsableDay(day);
  const fromError = outOfRange(from) ? `Enter a date between ${formatDayLabel(DAY_MIN)} and ${formatDayLabel(DAY_MAX)}.` : undefined;
  let toError = outOfRange(to) ? `Enter a date between ${formatDayLabel(DAY_MIN)} and ${formatDayLabel(DAY_MAX)}.` : undefined;
  if (!fromError && !toError && from && to && from > to) toError = '“To” must be the same day as “From” or a later one.';
  if (fromError || toError) return { fromError, toError };
  // From: the start of that day; To: the end of that day (the start of the next), in the viewer's zone.
  return { startDate: from ? dayStart(from) : undefined, endDate: to ? dayStart(to, 1) : undefined };
}

/** Keyboard-operable menu of the row's actions (Escape closes it and returns focus). */
function RowMenu({
  item,
  onAction,
  onAssign,
}: {
  item: AdminAppointment;
  onAction: (a: AdminAppointment, to: AppointmentStatus) => void;
  onAssign: (a: AdminAppointment) => void;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const actions: Array<[AppointmentStatus | 'assign', string]> = [];
  if (item.status === 'pending') actions.push(['confirmed', item.assignedAdminId ? 'Confirm' : 'Confirm & assign to me'], ['assign', 'Confirm & assign admin…']);
  if (item.status === 'confirmed') actions.push(['assign', 'Assign admin…']);
  // Whether it happened is known once it has started (the API refuses earlier).
  if (item.status === 'confirmed' && Date.parse(item.startTime) <= Date.now()) actions.push(['completed', 'Mark completed'], ['no_show', 'Mark no-show…']);
  if (item.status === 'pending' || item.status === 'confirmed') actions.push(['cancelled', item.status === 'pending' && item.createdBy === item.userId ? 'Reject…' : 'Cancel…']);
  const list = useRef<HTMLUListElement>(null);
  // Where the focus goes once the menu is drawn: its first item, or its last (ArrowUp on the button).
  const [focusOnOpen, setFocusOnOpen] = useState<'first' | 'last'>('first');
  const items = () => [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => {
    if (open) (focusOnOpen === 'first' ? items()[0] : items().at(-1))?.focus();
  }, [open, focusOnOpen]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  /** The ARIA menu button pattern: arrows move through the items, Home/End jump, Escape closes, Tab leaves. */
  function onMenuKey(event: React.KeyboardEvent) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => {
      event.preventDefault();
      all[(index + all.length) % all.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') setOpen(false);
  }

  return (
    <div className="menu">
      <button
        ref={button}
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Actions for ${item.title}`}
        onClick={() => {
          setFocusOnOpen('first');
          setOpen(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setFocusOnOpen(e.key === 'ArrowDown' ? 'first' : 'last');
            setOpen(true);
          } else if (e.key === 'Escape' && open) close();
        }}
      >
        Actions ▾
      </button>
      {open && (
        <ul role="menu" className="menu-list" ref={list} aria-label={`Actions for ${item.title}`} onKeyDown={onMenuKey}>
          <li role="none">
            <a role="menuitem" tabIndex={-1} href={`/admin/appointments/${item.id}`}>
              View details
            </a>
          </li>
          {item.status !== 'completed' && item.status !== 'no_show' && (
            <li role="none">
              <a role="menuitem" tabIndex={-1} href={`/admin/appointments/view/?id=${item.id}&edit=1`}>
                Edit…
              </a>
            </li>
          )}
          {actions.map(([to, label]) => (
            <li role="none" key={to}>
              <button
                role="menuitem"
                tabIndex={-1}
                type="button"
                className="link-button"
                onClick={() => {
                  setOpen(false);
                  if (to === 'assign') {
                    // The dialog gives the focus back to the menu button when it closes.
                    button.current?.focus();
                    onAssign(item);
                  } else onAction(item, to);
                }}
              >
                {label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function AdminAppointmentsPage() {
  const [items, setItems] = useState<AdminAppointment[]>();
  const [cursor, setCursor] = useState<string>();
  // The list opens as its link says: ?q= (the Organization page's "Their appointments"), ?status=,
  // ?type=, ?from= and ?to= (YYYY-MM-DD, the dashboard's tiles).
  const [filters, setFilters] = useState(() => {
    const url = new URLSearchParams(window.location.search);
    const status = url.get('status') ?? '';
    const type = url.get('type') ?? '';
    return {
      q: url.get('q') ?? '',
      status: (APPOINTMENT_STATUSES as readonly string[]).includes(status) ? status : '',
      type: type === 'free' || type === 'paid' ? type : '',
      from: url.get('from') ?? '',
      to: url.get('to') ?? '',
    };
  });
  const [error, setError] = useState<string>();
  const [statsState, setStatsState] = useState<StatsState>({ loading: true });
  const [asking, setAsking] = useState<{ item: AdminAppointment; to: AppointmentStatus }>();
  const [reason, setReason] = useState('');
  const [applying, setApplying] = useState(false);
  const [assigning, setAssigning] = useState<AdminAppointment>();
  const [admins, setAdmins] = useState<AdminOption[]>();
  const [adminsError, setAdminsError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [assignError, setAssignError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string>();
  const exportButton = useRef<HTMLButtonElement>(null);
  const fromInput = useRef<HTMLInputElement>(null);
  const toInput = useRef<HTMLInputElement>(null);
  /** Only the answer to the latest list / stats request is shown (an older one may arrive last). */
  const listRequest = useRef(0);
  const statsRequest = useRef(0);
  const { toast, success, error: fail } = useToast();

  const range = useMemo(() => checkRange(filters.from, filters.to), [filters.from, filters.to]);
  const rangeInvalid = Boolean(range.fromError || range.toError);
  // The range the list shows: the last valid one (while the dates are being fixed, "Load more" and
  // the reloads after an action keep to it, as the list on screen does).
  const [applied, setApplied] = useState<{ startDate?: string; endDate?: string }>({});
  if (!rangeInvalid && (applied.startDate !== range.startDate || applied.endDate !== range.endDate)) {
    setApplied({ startDate: range.startDate, endDate: range.endDate });
  }

  const query = useCallback(
    (after?: string) =>
      new URLSearchParams(
        Object.entries({
          q: filters.q.trim(),
          status: filters.status,
          type: filters.type,
          startDate: applied.startDate,
          endDate: applied.endDate,
          limit: '50',
          cursor: after,
        }).filter((e): e is [string, string] => Boolean(e[1])),
      ).toString(),
    [filters.q, filters.status, filters.type, applied.startDate, applied.endDate],
  );

  const load = useCallback(async () => {
    const request = ++listRequest.current;
    try {
      const page = await apiEnvelope<AdminAppointment[]>(`/admin/appointments?${query()}`);
      if (request !== listRequest.current) return;
      setItems(page.data);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (request === listRequest.current) setError(describeApiError(e));
    }
  }, [query]);

  // Typing in the search or the dates waits for a pause before asking; the first list does not wait.
  const listAskedFor = useRef(false);
  useEffect(() => {
    // Dates the API would refuse (From after To…) are said beside the fields; nothing is sent.
    if (rangeInvalid) return;
    const timer = setTimeout(() => void load(), listAskedFor.current ? 250 : 0);
    listAskedFor.current = true;
    return () => clearTimeout(timer);
  }, [load, rangeInvalid]);

  /** The statistics of `month` (without it: the current month, as the API counts it). */
  const loadStats = useCallback((month?: string) => {
    const request = ++statsRequest.current;
    setStatsState((s) => ({ ...s, month: month ?? s.month, loading: true, error: undefined }));
    api<Stats>('/admin/appointments', { method: 'POST', body: JSON.stringify({ action: 'stats', ...(month ? { month } : {}) }) }).then(
      (stats) => {
        if (request !== statsRequest.current) return;
        setStatsState((s) => ({ month: stats.month, current: s.current ?? (month ? undefined : stats.month), stats, loading: false }));
      },
      (e: unknown) => {
        if (request !== statsRequest.current) return;
        // An expired session is already on its way to sign-in.
        setStatsState((s) => ({ ...s, loading: false, error: e instanceof SessionExpiredError ? undefined : describeApiError(e) }));
      },
    );
  }, []);
  useEffect(() => loadStats(), [loadStats]);

  // One "Load more" / "Search further" at a time (a filtered page can take a few seconds), and
  // its answer dropped if the filters changed meanwhile.
  const [loadingMore, setLoadingMore] = useState(false);
  async function more() {
    if (loadingMore) return;
    const request = listRequest.current;
    setLoadingMore(true);
    try {
      const page = await apiEnvelope<AdminAppointment[]>(`/admin/appointments?${query(cursor)}`);
      if (request !== listRequest.current) return;
      setItems((current) => [...(current ?? []), ...page.data]);
      setCursor(page.nextCursor);
    } catch (e) {
      if (request === listRequest.current && !(e instanceof SessionExpiredError)) fail(describeApiError(e));
    } finally {
      setLoadingMore(false);
    }
  }

  /** Cancel, reject and no-show are asked first; the rest happens at once. */
  function act(item: AdminAppointment, to: AppointmentStatus) {
    if (to === 'cancelled' || to === 'no_show') setAsking({ item, to });
    else void apply(item, to);
  }

  async function apply(item: AdminAppointment, to: AppointmentStatus, reason?: string) {
    setApplying(true);
    try {
      await updateAppointment(item.id, { status: to, version: item.version, ...(to === 'cancelled' && reason ? { cancellationReason: reason } : {}) });
      success(`Appointment ${to === 'no_show' ? 'marked no-show' : to}`);
      setAsking(undefined);
      await load();
      loadStats(statsState.month);
    } catch (e) {
      fail(describeApiError(e));
    } finally {
      setApplying(false);
    }
  }

  /** Opens the admin picker; the admins are fetched once per page. */
  function startAssign(item: AdminAppointment) {
    setAssigning(item);
    setAssignError(undefined);
    if (!admins) {
      setAdminsError(undefined);
      api<AdminOption[]>('/admin/admins').then(setAdmins, (e: unknown) => setAdminsError(describeApiError(e)));
    }
  }

  async function assign(item: AdminAppointment, adminId: string, overrideAvailability: boolean) {
    setSaving(true);
    setAssignError(undefined);
    try {
      const confirming = item.status === 'pending';
      await updateAppointment(item.id, {
        ...(confirming ? { status: 'confirmed' } : {}),
        assignedAdminId: adminId,
        version: item.version,
        ...(overrideAvailability ? { overrideAvailability: true } : {}),
      });
      const name = admins?.find((a) => a.id === adminId)?.name ?? 'the admin';
      setAssigning(undefined);
      success(confirming ? `Appointment confirmed and assigned to ${name}` : `Appointment assigned to ${name}`);
      await load();
      loadStats(statsState.month);
    } catch (e) {
      // A refusal (the admin does not offer that slot, the appointment changed meanwhile…): said in the dialog.
      setAssignError(describeApiError(e));
      void load();
    } finally {
      setSaving(false);
    }
  }

  /**
   * Downloads the CSV of the current filters. A refusal (too many rows: the API says how many, the page
   * how to narrow them) or a network failure stays on the page as an alert until the next export.
   */
  async function exportCsv() {
    if (exporting) return;
    // The dates are wrong (the message is beside them): nothing is exported, the field says why.
    if (rangeInvalid) {
      (range.fromError ? fromInput : toInput).current?.focus();
      return;
    }
    setExporting(true);
    setExportError(undefined);
    try {
      const blob = await apiDownload(`/admin/appointments/export?${query()}`);
      const { from, to } = filters;
      const period = from && to ? `${from}-to-${to}` : from ? `from-${from}` : to ? `to-${to}` : new Date().toISOString().slice(0, 10);
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `appointments-${period}.csv` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      // An expired session is already on its way to sign-in.
      if (e instanceof SessionExpiredError) return;
      setExportError(
        e instanceof ApiError
          ? `${describeApiError(e)}${e.status === 400 ? ' — Narrow the list with the From / To dates, the search or the filters, then export again.' : ''}`
          : 'The server could not be reached. Check your connection and try again.',
      );
    } finally {
      setExporting(false);
    }
  }

  /** What the dates select, in words (days of the viewer's time zone). */
  const zone = viewerZone();
  const rangeHint = rangeInvalid
    ? undefined
    : filters.from && filters.to
      ? `Appointments overlapping ${formatDayLabel(filters.from)} – ${formatDayLabel(filters.to)} (whole days, ${zone} time).`
      : filters.from
        ? `Appointments from ${formatDayLabel(filters.from)} on (${zone} time).`
        : filters.to
          ? `Appointments until the end of ${formatDayLabel(filters.to)} (${zone} time).`
          : undefined;

  const set = (name: keyof typeof filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value }));

  return (
    <AppShell area="admin" active="/admin/appointments/" title="Appointments">
      {(me) => (
        <section>
          <div className="page-head">
            <h1>Appointments</h1>
            <div className="actions">
              <button type="button" className="secondary" ref={exportButton} onClick={() => void exportCsv()} aria-disabled={exporting}>
                {exporting ? 'Exporting…' : 'Export CSV'}
              </button>
              <a className="button" href="/admin/appointments/calendar/">
                Calendar View
              </a>
            </div>
          </div>
          {exportError && (
            <div className="banner banner-error" role="alert">
              <p>
                <strong>The export failed:</strong> {exportError}
              </p>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setExportError(undefined);
                  exportButton.current?.focus();
                }}
              >
                Dismiss
              </button>
            </div>
          )}
          <StatsPanel state={statsState} onMonth={(month) => loadStats(month)} onRetry={() => loadStats(statsState.month)} />
          <h2 style={{ fontSize: '1.1rem', margin: '0 0 0.75rem' }}>List</h2>
          <div className="filters" role="search" aria-label="Appointments list" style={{ marginBottom: '0.5rem' }}>
            <label>
              <span className="sr-only">Search by title, client name or email</span>
              <input type="search" placeholder="Title, client or email…" value={filters.q} onChange={set('q')} />
            </label>
            <label>
              Status
              <select value={filters.status} onChange={set('status')}>
                <option value="">All</option>
                {APPOINTMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Type
              <select value={filters.type} onChange={set('type')}>
                <option value="">All</option>
                <option value="free">Free</option>
                <option value="paid">Paid</option>
              </select>
            </label>
            {(['from', 'to'] as const).map((edge) => {
              const problem = edge === 'from' ? range.fromError : range.toError;
              return (
                <DateField
                  key={edge}
                  id={`filter-${edge}`}
                  label={edge === 'from' ? 'From' : 'To'}
                  language="en"
                  value={filters[edge]}
                  onChange={(day) => setFilters((f) => ({ ...f, [edge]: day }))}
                  inputRef={edge === 'from' ? fromInput : toInput}
                  invalid={Boolean(problem)}
                  describedBy={problem ? `${edge}-error` : rangeHint ? 'range-hint' : undefined}
                />
              );
            })}
            {(filters.from || filters.to) && (
              <button
                type="button"
                className="link-button"
                style={{ marginBottom: '0.3rem' }}
                onClick={() => {
                  setFilters((f) => ({ ...f, from: '', to: '' }));
                  // The button goes away with the dates: the focus goes back to the first date.
                  fromInput.current?.focus();
                }}
              >
                Clear dates
              </button>
            )}
          </div>
          {range.fromError && (
            <p id="from-error" className="inline-error" role="alert" style={{ margin: '0 0 0.5rem' }}>
              From: {range.fromError}
            </p>
          )}
          {range.toError && (
            <p id="to-error" className="inline-error" role="alert" style={{ margin: '0 0 0.5rem' }}>
              {range.toError.startsWith('“To”') ? range.toError : `To: ${range.toError}`} The list and the export wait until the dates are fixed.
            </p>
          )}
          {rangeHint && (
            <p id="range-hint" className="muted small" style={{ margin: '0 0 0.75rem' }}>
              {rangeHint}
            </p>
          )}
          {error && <p role="alert" className="form-error">{error}</p>}
          {!items && !error && <Skeleton label="Loading…" rows={5} />}
          {items && items.length === 0 &&
            (cursor ? (
              // A filtered page reads a bounded number of appointments: none matched so far, more remain.
              <EmptyState
                message="No match among the appointments searched so far."
                action={
                  <button type="button" className="secondary" aria-disabled={loadingMore} onClick={() => void more()}>
                    {loadingMore ? 'Searching…' : 'Search further'}
                  </button>
                }
              />
            ) : Object.values(filters).some(Boolean) ? (
              <EmptyState
                message="No appointment matches these filters."
                action={
                  <button type="button" className="secondary" onClick={() => setFilters({ q: '', status: '', type: '', from: '', to: '' })}>
                    Clear all filters
                  </button>
                }
              />
            ) : (
              <EmptyState
                message="No appointment yet."
                hint="Requests from clients appear here; you can also request one with a client from the calendar."
                action={
                  <a className="button" href="/admin/appointments/calendar/">
                    Open the calendar
                  </a>
                }
              />
            ))}
          {items && items.length > 0 && (
            <div className="table-wrap">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Title</th>
                    <th scope="col">Client</th>
                    <th scope="col">Status</th>
                    <th scope="col">Type</th>
                    <th scope="col">Assigned admin</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id}>
                      <td data-label="When" className="cell-words">{when(a.startTime)}</td>
                      <td data-label="Title">
                        <a href={`/admin/appointments/${a.id}`}>{a.title}</a>
                      </td>
                      <td data-label="Client">
                        <ClientCell item={a} />
                      </td>
                      <td data-label="Status">
                        <StatusBadge status={a.status} language="en" />
                      </td>
                      <td data-label="Type" className="cell-words">{a.type === 'paid' ? `${formatMoney(a.price, a.currency, 'en-GB')} · ${a.isPaid ? 'Paid' : 'Unpaid'}` : 'Free'}</td>
                      <td data-label="Assigned admin" className="cell-words">
                        {a.assignedAdmin ? (
                          a.assignedAdmin.firstName || a.assignedAdmin.lastName ? (
                            personName(a.assignedAdmin)
                          ) : (
                            // An admin with no name yet: their address, on one line like the clients'.
                            <span className="person-cell-email fill-cell" title={a.assignedAdmin.email}>
                              {a.assignedAdmin.email}
                            </span>
                          )
                        ) : (
                          <span className="muted">Unassigned</span>
                        )}
                      </td>
                      <td className="row-actions">
                        <RowMenu item={a} onAction={act} onAssign={startAssign} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor && items && items.length > 0 && (
            <p>
              <button type="button" className="secondary" aria-disabled={loadingMore} onClick={() => void more()}>
                Load more
              </button>
            </p>
          )}
          {assigning && (
            <AssignAdminDialog
              item={assigning}
              admins={admins}
              loadError={adminsError}
              saveError={assignError}
              meId={me.id}
              busy={saving}
              onSubmit={(adminId, override) => void assign(assigning, adminId, override)}
              onClose={() => setAssigning(undefined)}
            />
          )}
          {asking && (
            <ConfirmDialog
              title={asking.to === 'no_show' ? 'Mark as no-show?' : asking.item.status === 'pending' && asking.item.createdBy === asking.item.userId ? 'Reject this request?' : 'Cancel this appointment?'}
              confirmLabel={asking.to === 'no_show' ? 'Mark no-show' : 'Yes, cancel it'}
              cancelLabel="Keep it"
              busyLabel="Saving…"
              busy={applying}
              danger
              onCancel={() => {
                setAsking(undefined);
                setReason('');
              }}
              onConfirm={() => void apply(asking.item, asking.to, reason.trim() || undefined).then(() => setReason(''))}
            >
              <p>
                “{asking.item.title}” with {personName(asking.item.user)}
                {asking.to === 'no_show' ? ' is recorded as missed by the client.' : ': the client is told by e-mail.'}
              </p>
              {asking.to === 'cancelled' && (
                <>
                  <label htmlFor="list-reason">Reason (optional, the client sees it)</label>
                  <input id="list-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
                </>
              )}
            </ConfirmDialog>
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}
