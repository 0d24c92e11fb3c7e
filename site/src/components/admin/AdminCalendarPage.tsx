import { useState } from 'react';
import { updateAppointment } from '../../lib/appointments.ts';
import { queryParameter } from '../../lib/enter-site.ts';
import { AppShell } from '../AppShell.tsx';
import { AppointmentCalendar } from '../calendar/AppointmentCalendar.tsx';
import { useToast } from '../ui/Toast.tsx';
import { RequestDialog } from './RequestDialog.tsx';

export function AdminCalendarPage() {
  const [slot, setSlot] = useState<{ start: Date; end: Date }>();
  // ?client= (the Organization page's "Request appointment"): the request is for that client.
  const [client] = useState(() => queryParameter('client') || undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const { toast, success, error: fail } = useToast();
  return (
    <AppShell area="admin" active="/admin/appointments/calendar/" title="Calendar">
      {() => (
        <section>
          <div className="page-head">
            <h1>All appointments</h1>
            <a className="button secondary" href="/admin/appointments/">
              List View
            </a>
          </div>
          {client ? (
            <p className="notice" role="status">
              Requesting an appointment with {client}: click a free time, or use New request.
            </p>
          ) : (
            <p className="muted">Click a free time to request an appointment with a client; click an appointment to open it; drag one to move it, or its lower edge to change its length.</p>
          )}
          <p>
            <button type="button" onClick={() => setSlot(nextFreeHour())}>
              New request
            </button>
          </p>
          <AppointmentCalendar
            area="admin"
            refreshKey={refreshKey}
            onSelectEvent={(a) => window.location.assign(`/admin/appointments/${a.id}`)}
            onSelectSlot={setSlot}
            onMove={async (appointment, start, end) => {
              // The same checks as Edit: availability and overlaps; a refusal snaps the event back.
              try {
                await updateAppointment(appointment.id, { startTime: start.toISOString(), endTime: end.toISOString(), version: appointment.version });
                success(`“${appointment.title}” moved`);
              } catch (e) {
                fail(`Not moved: ${(e as Error).message}`);
                throw e;
              }
            }}
          />
          {slot && (
            <RequestDialog
              start={slot.start}
              end={slot.end}
              clientEmail={client}
              onClose={() => setSlot(undefined)}
              onSent={(message) => {
                setSlot(undefined);
                success(message);
                setRefreshKey((k) => k + 1);
              }}
            />
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}

/** Tomorrow at 10:00 for an hour: where a request started from the button begins (its times are editable). */
function nextFreeHour(): { start: Date; end: Date } {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(10, 0, 0, 0);
  return { start, end: new Date(start.getTime() + 60 * 60_000) };
}
