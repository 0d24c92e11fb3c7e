import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, SessionExpiredError, apiDownload, apiEnvelope, api, describeApiError } from '../../lib/api.ts';
import { personName, updateAppointment, type AdminAppointment, type AppointmentStatus } from '../../lib/appointments.ts';
import { formatMoney } from '../../lib/format.ts';
import type { MonthStats } from '../../../../shared/domain/appointments/stats.ts';
import { AppShell } from '../AppShell.tsx';
import { AssignAdminDialog, type AdminOption } from './AssignAdminDialog.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { useToast } from '../ui/Toast.tsx';

type Stats = MonthStats & { month: string };

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

function StatsCards({ stats }: { stats?: Stats }) {
  if (!stats) return null;
  const cards: Array<[string, string]> = [
    ['Total', String(stats.total)],
    ['Pending', String(stats.pending)],
    ['Confirmed', String(stats.confirmed)],
    ['Completed', String(stats.completed)],
    ['Cancelled / no-show', `${stats.cancelled} / ${stats.noShow}`],
    ['Revenue', formatMoney(stats.totalRevenue, 'EUR', 'en-GB')],
    ['Unpaid', formatMoney(stats.unpaidAmount, 'EUR', 'en-GB')],
  ];
  return (
    <section aria-label={`Statistics for ${stats.month}`} className="stats">
      {cards.map(([label, value]) => (
        <div key={label} className="stat">
          <span className="muted small">{label}</span>
          <strong>{value}</strong>
        </div>
      ))}
    </section>
  );
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
  if (item.status === 'confirmed') actions.push(['assign', 'Assign admin…'], ['completed', 'Mark completed'], ['no_show', 'Mark no-show']);
  if (item.status === 'pending' || item.status === 'confirmed') actions.push(['cancelled', 'Cancel']);
  return (
    <div className="menu" onKeyDown={(e) => e.key === 'Escape' && (setOpen(false), button.current?.focus())}>
      <button ref={button} type="button" className="secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Actions ▾
      </button>
      {open && (
        <ul role="menu" className="menu-list">
          <li role="none">
            <a role="menuitem" href={`/admin/appointments/${item.id}`}>
              View details
            </a>
          </li>
          {actions.map(([to, label]) => (
            <li role="none" key={to}>
              <button
                role="menuitem"
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
  const [stats, setStats] = useState<Stats>();
  const [filters, setFilters] = useState({ q: '', status: '', type: '' });
  const [error, setError] = useState<string>();
  const [assigning, setAssigning] = useState<AdminAppointment>();
  const [admins, setAdmins] = useState<AdminOption[]>();
  const [adminsError, setAdminsError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [assignError, setAssignError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string>();
  const exportButton = useRef<HTMLButtonElement>(null);
  const { toast, success, error: fail } = useToast();

  const query = useCallback(
    (after?: string) =>
      new URLSearchParams(
        Object.entries({ ...filters, limit: '50', cursor: after }).filter((e): e is [string, string] => Boolean(e[1])),
      ).toString(),
    [filters],
  );

  const load = useCallback(async () => {
    try {
      const page = await apiEnvelope<AdminAppointment[]>(`/admin/appointments?${query()}`);
      setItems(page.data);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [query]);

  useEffect(() => {
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [load]);
  useEffect(() => {
    api<Stats>('/admin/appointments', { method: 'POST', body: JSON.stringify({ action: 'stats' }) }).then(setStats, () => undefined);
  }, []);

  async function more() {
    try {
      const page = await apiEnvelope<AdminAppointment[]>(`/admin/appointments?${query(cursor)}`);
      setItems((current) => [...(current ?? []), ...page.data]);
      setCursor(page.nextCursor);
    } catch (e) {
      if (!(e instanceof SessionExpiredError)) fail(describeApiError(e));
    }
  }

  async function act(item: AdminAppointment, to: AppointmentStatus) {
    try {
      await updateAppointment(item.id, { status: to, version: item.version });
      success(`Appointment ${to === 'no_show' ? 'marked no-show' : to}`);
      await load();
    } catch (e) {
      fail((e as Error).message);
    }
  }

  /** Opens the admin picker; the admins are fetched once per page. */
  function startAssign(item: AdminAppointment) {
    setAssigning(item);
    setAssignError(undefined);
    if (!admins) {
      setAdminsError(undefined);
      api<AdminOption[]>('/admin/admins').then(setAdmins, (e: Error) => setAdminsError(e.message));
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
    } catch (e) {
      // A refusal (the admin does not offer that slot, the appointment changed meanwhile…): said in the dialog.
      setAssignError(describeApiError(e));
      void load();
    } finally {
      setSaving(false);
    }
  }

  /**
   * Downloads the CSV of the current filters. A refusal (too many rows: the API says to narrow
   * the range) or a network failure stays on the page as an alert until the next export.
   */
  async function exportCsv() {
    if (exporting) return;
    setExporting(true);
    setExportError(undefined);
    try {
      const blob = await apiDownload(`/admin/appointments/export?${query()}`);
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `appointments-${new Date().toISOString().slice(0, 10)}.csv` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      // An expired session is already on its way to sign-in.
      if (e instanceof SessionExpiredError) return;
      setExportError(
        e instanceof ApiError
          ? `${describeApiError(e)}${e.status === 400 ? ' — Narrow the list with the search or the filters, then export again.' : ''}`
          : 'The server could not be reached. Check your connection and try again.',
      );
    } finally {
      setExporting(false);
    }
  }

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
          <StatsCards stats={stats} />
          <div className="filters" role="search">
            <label>
              <span className="sr-only">Search by title, client name or email</span>
              <input type="search" placeholder="Search by title, client name or email" value={filters.q} onChange={set('q')} />
            </label>
            <label>
              Status
              <select value={filters.status} onChange={set('status')}>
                <option value="">All</option>
                {['pending', 'confirmed', 'completed', 'cancelled', 'no_show'].map((s) => (
                  <option key={s} value={s}>
                    {s.replace('_', ' ')}
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
          </div>
          {error && <p role="alert" className="form-error">{error}</p>}
          {!items && !error && <p aria-live="polite">Loading…</p>}
          {items && items.length === 0 && <p className="muted">No appointment matches.</p>}
          {items && items.length > 0 && (
            <div className="table-wrap">
              <table>
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
                      <td>{when(a.startTime)}</td>
                      <td>
                        <a href={`/admin/appointments/${a.id}`}>{a.title}</a>
                      </td>
                      <td>
                        {personName(a.user)}
                        <br />
                        <span className="muted small">{a.user?.email ?? a.attendeeEmail}</span>
                      </td>
                      <td>
                        <StatusBadge status={a.status} language="en" />
                      </td>
                      <td>{a.type === 'paid' ? `${formatMoney(a.price, a.currency, 'en-GB')} · ${a.isPaid ? 'paid' : 'unpaid'}` : 'free'}</td>
                      <td>{a.assignedAdmin ? personName(a.assignedAdmin) : <span className="muted">Unassigned</span>}</td>
                      <td>
                        <RowMenu item={a} onAction={act} onAssign={startAssign} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor && (
            <p>
              <button type="button" className="secondary" onClick={() => void more()}>
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
          {toast}
        </section>
      )}
    </AppShell>
  );
}
