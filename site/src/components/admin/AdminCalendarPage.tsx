import { useRef, useState } from 'react';
import { displayName } from '../../../../shared/domain/profile.ts';
import { describeApiError, type Me } from '../../lib/api.ts';
import { updateAppointment } from '../../lib/appointments.ts';
import { queryParameter } from '../../lib/enter-site.ts';
import { AppShell } from '../AppShell.tsx';
import { loadTeam, type TeamMember } from '../appointments/EditAppointmentDialog.tsx';
import { AppointmentCalendar } from '../calendar/AppointmentCalendar.tsx';
import { useToast } from '../ui/Toast.tsx';
import { RequestDialog } from './RequestDialog.tsx';

export function AdminCalendarPage() {
  const [slot, setSlot] = useState<{ start: Date; end: Date }>();
  // ?client= (the Organization page's "Request appointment"): the request is for that client.
  const [client] = useState(() => queryParameter('client') || undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const { toast, success, error: fail } = useToast();
  // The team is read when the admin opens the picker, not on arrival: one function fewer to wake
  // before the first screen. Until then the signed-in admin is the only one shown, and known.
  const [team, setTeam] = useState<TeamMember[]>();
  const teamAsked = useRef(false);
  const askForTeam = () => {
    if (teamAsked.current) return;
    teamAsked.current = true;
    loadTeam().then(setTeam, (e: unknown) => {
      // The admin stays shown; opening the picker again asks again.
      teamAsked.current = false;
      fail(`The team could not be loaded: ${describeApiError(e)}`);
    });
  };
  // Whose availability is drawn behind the week and day grids: the signed-in admin until chosen.
  const [shown, setShown] = useState<string[]>();
  return (
    <AppShell area="admin" active="/admin/appointments/calendar/" title="Calendar">
      {(me) => (
        <section>
          <div className="page-head">
            <h1>All appointments</h1>
            <a className="button secondary" href="/admin/appointments/">
              List View
            </a>
          </div>
          {client ? (
            <p className="notice" role="status">
              Requesting an appointment with {client}: click or tap a free time, or use New request.
            </p>
          ) : (
            <p className="muted">Click or tap a free time to request an appointment with a client; click an appointment to open it; drag one to move it, or its lower edge to change its length.</p>
          )}
          <div className="calendar-tools">
            <button type="button" onClick={() => setSlot(nextFreeHour())}>
              New request
            </button>
            <TeamPicker team={team ?? [selfAsMember(me)]} loading={!team} onOpen={askForTeam} shown={shown ?? [me.id]} onChange={setShown} />
          </div>
          <AppointmentCalendar
            area="admin"
            refreshKey={refreshKey}
            team={{ adminIds: shown ?? [me.id], names: Object.fromEntries((team ?? [selfAsMember(me)]).map((m) => [m.id, m.name])) }}
            onSelectEvent={(a) => window.location.assign(`/admin/appointments/${a.id}`)}
            onSelectSlot={setSlot}
            onMove={async (appointment, start, end) => {
              // The same checks as Edit: availability and overlaps; a refusal snaps the event back.
              try {
                await updateAppointment(appointment.id, { startTime: start.toISOString(), endTime: end.toISOString(), version: appointment.version });
                success(`“${appointment.title}” moved`);
              } catch (e) {
                fail(`Not moved: ${describeApiError(e)}`);
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

/** The signed-in admin as the team list names them (displayName, as GET /api/admin/admins does), before that list is read. */
function selfAsMember(me: Me): TeamMember {
  return { id: me.id, name: displayName(me), email: me.email };
}

/** Tomorrow at 10:00 for an hour: where a request started from the button begins (its times are editable). */
function nextFreeHour(): { start: Date; end: Date } {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(10, 0, 0, 0);
  return { start, end: new Date(start.getTime() + 60 * 60_000) };
}

/**
 * Whose availability the week and day grids show (the seed's "visualize team availability"):
 * working time shaded, time off and calendar busy time as labelled blocks behind the appointments.
 */
function TeamPicker({ team, loading, onOpen, shown, onChange }: { team: TeamMember[]; loading: boolean; onOpen: () => void; shown: string[]; onChange: (ids: string[]) => void }) {
  if (team.length === 0) return null;
  const toggle = (id: string, on: boolean) => onChange(on ? [...shown, id] : shown.filter((x) => x !== id));
  const names = team.filter((m) => shown.includes(m.id)).map((m) => m.name);
  const summary = names.length === 0 ? 'nobody' : names.length === 1 ? names[0] : `${names[0]} and ${names.length - 1} more`;
  return (
    <details className="team-picker" onToggle={(e) => e.currentTarget.open && onOpen()}>
      <summary>Availability shown: {summary}</summary>
      <fieldset aria-busy={loading}>
        <legend className="sr-only">Show the availability of</legend>
        {team.map((member) => (
          <label key={member.id} className="checkbox">
            <input type="checkbox" checked={shown.includes(member.id)} onChange={(e) => toggle(member.id, e.target.checked)} />
            {member.name}
          </label>
        ))}
        {loading && <p className="muted small" role="status">Loading the team…</p>}
      </fieldset>
      <p className="legend muted small">
        <span className="swatch swatch-working" /> working hours <span className="swatch swatch-off" /> time off <span className="swatch swatch-busy" /> busy in their calendar (week and day views)
      </p>
    </details>
  );
}
