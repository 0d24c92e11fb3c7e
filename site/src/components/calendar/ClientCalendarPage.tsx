import { translator } from '../../lib/i18n.ts';
import { AppShell } from '../AppShell.tsx';
import { AppointmentCalendar } from './AppointmentCalendar.tsx';

const t = translator('fr');

export function ClientCalendarPage() {
  return (
    <AppShell area="client" active="/dashboard/calendar/" title={t('calendar.title')}>
      {() => (
        <section>
          <div className="page-head">
            <h1>{t('calendar.title')}</h1>
            <div className="actions">
              <a className="button secondary" href="/dashboard/calendar/settings/">
                {t('nav.calendarSettings')}
              </a>
              <a className="button secondary" href="/dashboard/appointments/">
                {t('nav.appointments')}
              </a>
              <a className="button" href="/dashboard/appointments/new/">
                {t('appointments.new')}
              </a>
            </div>
          </div>
          <AppointmentCalendar
            area="client"
            onSelectEvent={(a) => window.location.assign(`/dashboard/appointments/${a.id}`)}
            onSelectSlot={({ start, end }) =>
              window.location.assign(`/dashboard/appointments/new/?start=${encodeURIComponent(start.toISOString())}&end=${encodeURIComponent(end.toISOString())}`)
            }
          />
        </section>
      )}
    </AppShell>
  );
}
