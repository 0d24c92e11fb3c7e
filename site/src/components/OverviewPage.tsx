import { useEffect, useState } from 'react';
import { describeApiError } from '../lib/api.ts';
import { fetchAll, type Appointment } from '../lib/appointments.ts';
import { formatDay, formatRangeWithZone } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { AppShell } from './AppShell.tsx';
import { StatusBadge } from './ui/StatusBadge.tsx';
import { Skeleton } from './ui/Skeleton.tsx';
import { EmptyState } from './ui/EmptyState.tsx';

const t = translator('fr');

function Upcoming() {
  const [items, setItems] = useState<Appointment[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchAll<Appointment>('/appointments', { startDate: new Date().toISOString(), limit: '100' }).then(setItems, (e: unknown) => setError(describeApiError(e)));
  }, []);
  if (error) return <p role="alert" className="form-error">{error}</p>;
  if (!items) return <Skeleton label={t('shell.loading')} rows={2} />;
  const awaiting = items.filter((a) => a.awaiting === 'client').length;
  const next = items.filter((a) => a.status === 'pending' || a.status === 'confirmed').slice(0, 3);
  return (
    <>
      {awaiting > 0 && (
        <p className="pending-card">
          <a href="/dashboard/appointments/">
            {awaiting === 1 ? '1 rendez-vous attend votre confirmation' : `${awaiting} rendez-vous attendent votre confirmation`}
          </a>
        </p>
      )}
      <h2>Prochains rendez-vous</h2>
      {next.length === 0 ? (
        // The page's first button already requests one.
        <EmptyState message="Aucun rendez-vous à venir." />
      ) : (
        <ul className="cards">
          {next.map((a) => (
            <li key={a.id}>
              <a className="appointment-card" href={`/dashboard/appointments/${a.id}`}>
                <span className="time">{formatDay(a.startTime)}</span>
                <span>{formatRangeWithZone(a.startTime, a.endTime, a.timezone)}</span>
                <span className="title">{a.title}</span>
                <StatusBadge status={a.status} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OverviewPage() {
  return (
    <AppShell area="client" active="/dashboard/" title={t('nav.overview')}>
      {(me) => (
        <section>
          <h1>
            {t('overview.greeting')}, {me.firstName ?? me.email} !
          </h1>
          <p className="muted">{t('overview.intro')}</p>
          <div className="actions quick-links">
            <a className="button" href="/dashboard/appointments/new/">
              Demander un rendez-vous
            </a>
            <a className="button secondary" href="/dashboard/calendar/">
              {t('nav.calendar')}
            </a>
            <a className="button secondary" href="/dashboard/appointments/">
              {t('nav.appointments')}
            </a>
          </div>
          <Upcoming />
        </section>
      )}
    </AppShell>
  );
}
