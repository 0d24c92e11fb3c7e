import { useState } from 'react';
import { AppShell } from '../AppShell.tsx';
import { AppointmentCalendar } from '../calendar/AppointmentCalendar.tsx';
import { useToast } from '../ui/Toast.tsx';
import { RequestDialog } from './RequestDialog.tsx';

export function AdminCalendarPage() {
  const [slot, setSlot] = useState<{ start: Date; end: Date }>();
  const [refreshKey, setRefreshKey] = useState(0);
  const { toast, success } = useToast();
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
          <p className="muted">Click a free time to request an appointment with a client; click an appointment to open it.</p>
          <AppointmentCalendar
            area="admin"
            refreshKey={refreshKey}
            onSelectEvent={(a) => window.location.assign(`/admin/appointments/${a.id}`)}
            onSelectSlot={setSlot}
          />
          {slot && (
            <RequestDialog
              start={slot.start}
              end={slot.end}
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
