import { useEffect, useState, type ReactNode } from 'react';
import type { MonthStats } from '../../../shared/domain/appointments/stats.ts';
import { api, describeApiError, type Me } from '../lib/api.ts';
import { personName, type AdminAppointment } from '../lib/appointments.ts';
import { formatMoney } from '../lib/format.ts';
import { AppShell } from './AppShell.tsx';
import { StatusBadge } from './ui/StatusBadge.tsx';

interface Connection {
  id: string;
  provider: string;
  email: string;
  status: 'active' | 'needs_reauth' | 'error';
  lastError?: string;
}

interface Overview {
  week: AdminAppointment[];
  pending: AdminAppointment[];
  stats: MonthStats;
  connections: Connection[];
}

/** YYYY-MM-DD of a date in the viewer's zone: what the list's From / To fields take. */
const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

function thisWeek(now = new Date()) {
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
  const sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6);
  const nextMonday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7);
  return { monday, sunday, nextMonday };
}

const time = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
const dayAndTime = (iso: string) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One figure of the dashboard: a heading, a number, what it means, and the list it opens. */
function Tile({ title, figure, note, href, linkText, tone, children }: { title: string; figure: string; note: string; href: string; linkText: string; tone?: 'warning'; children?: ReactNode }) {
  return (
    <section className={`tile${tone ? ` tile-${tone}` : ''}`} aria-labelledby={`tile-${href}`}>
      <h2 id={`tile-${href}`}>{title}</h2>
      <p className="tile-figure">{figure}</p>
      <p className="muted small">{note}</p>
      {children}
      <a href={href}>{linkText} →</a>
    </section>
  );
}

function AppointmentLines({ items, withDay }: { items: AdminAppointment[]; withDay?: boolean }) {
  if (items.length === 0) return null;
  return (
    <ul className="tile-list">
      {items.slice(0, 5).map((a) => (
        <li key={a.id}>
          <a href={`/admin/appointments/${a.id}`}>
            <span className="tile-time">{withDay ? dayAndTime(a.startTime) : time(a.startTime)}</span> {a.title}
          </a>
          <span className="muted small"> · {personName(a.user) || a.attendeeName}</span> <StatusBadge status={a.status} language="en" />
        </li>
      ))}
    </ul>
  );
}

/**
 * The admin's start page: what needs attention now. Today's and this week's appointments,
 * requests waiting for the team, what is still to collect this month, and calendar connections
 * that stopped syncing, each opening the list (or page) where it is dealt with.
 */
function Dashboard({ me }: { me: Me }) {
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const { monday, nextMonday } = thisWeek();
    // One route serves this page's first screen: one function to wake, not three.
    api<Overview>(`/admin/overview?${new URLSearchParams({ startDate: monday.toISOString(), endDate: nextMonday.toISOString() })}`).then(
      setOverview,
      (e: unknown) => setError(describeApiError(e, 'en')),
    );
  }, []);

  const { monday, sunday } = thisWeek();
  const today = dayOf(new Date());
  const list = (query: Record<string, string>) => `/admin/appointments/?${new URLSearchParams(query)}`;

  let body: ReactNode;
  if (error) {
    body = (
      <p role="alert" className="form-error">
        The overview could not be loaded: {error}
      </p>
    );
  } else if (!overview) {
    body = (
      <div className="tiles" aria-busy="true" aria-label="Loading the overview">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="tile skeleton" />
        ))}
      </div>
    );
  } else {
    const active = (a: AdminAppointment) => a.status === 'pending' || a.status === 'confirmed';
    const todays = overview.week.filter((a) => dayOf(new Date(a.startTime)) === today && active(a));
    const weeks = overview.week.filter(active);
    const waiting = overview.pending.filter((a) => a.awaiting === 'admin');
    const broken = overview.connections.filter((c) => c.status !== 'active');
    const { stats } = overview;
    body = (
      <div className="tiles">
        <Tile title="Today" figure={String(todays.length)} note={todays.length ? 'pending or confirmed today' : 'Nothing booked today.'} href={list({ from: today, to: today })} linkText="Today’s list">
          <AppointmentLines items={todays} />
        </Tile>
        <Tile
          title="This week"
          figure={String(weeks.length)}
          note={`pending or confirmed, ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(monday)} – ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(sunday)}`}
          href={list({ from: dayOf(monday), to: dayOf(sunday) })}
          linkText="This week’s list"
        />
        <Tile
          title="Requests awaiting the team"
          figure={String(waiting.length)}
          note={waiting.length ? 'Review them: set the price if paid, then confirm or reject.' : 'No client request is waiting.'}
          href={list({ status: 'pending' })}
          linkText="Pending appointments"
          tone={waiting.length ? 'warning' : undefined}
        >
          <AppointmentLines items={waiting} withDay />
        </Tile>
        <Tile
          title="To collect this month"
          figure={formatMoney(stats.unpaidAmount, 'EUR', 'en-GB')}
          note={`${plural(stats.unpaidAppointments, 'unpaid appointment', 'unpaid appointments')} · ${formatMoney(stats.totalRevenue, 'EUR', 'en-GB')} paid`}
          href={list({ type: 'paid' })}
          linkText="Paid appointments"
        />
        <Tile
          title="Calendar sync"
          figure={broken.length ? plural(broken.length, 'problem', 'problems') : overview.connections.length ? 'OK' : 'None'}
          note={
            overview.connections.length === 0
              ? 'No calendar connected: your Google or Outlook busy time does not block your slots yet.'
              : broken.length
                ? broken.map((c) => `${c.email}: ${c.status === 'needs_reauth' ? 'reconnect it' : 'sync failed'}`).join(' · ')
                : plural(overview.connections.length, 'calendar syncing', 'calendars syncing')
          }
          href="/admin/calendar-sync/"
          linkText={broken.length ? 'Fix the connection' : 'Calendar settings'}
          tone={broken.length ? 'warning' : undefined}
        />
      </div>
    );
  }

  return (
    <section>
      <div className="page-head">
        <h1>Welcome, {me.firstName ?? me.email}</h1>
        <div className="actions">
          <a className="button" href="/admin/appointments/calendar/">
            Calendar
          </a>
          <a className="button secondary" href="/admin/appointments/">
            All appointments
          </a>
        </div>
      </div>
      {body}
    </section>
  );
}

export function AdminDashboardPage() {
  return (
    <AppShell area="admin" active="/admin/" title="Dashboard">
      {(me) => <Dashboard me={me} />}
    </AppShell>
  );
}
