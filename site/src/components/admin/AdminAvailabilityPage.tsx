import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, describeApiError } from '../../lib/api.ts';
import type { WeeklySlot } from '../../../../shared/domain/availability/types.ts';
import { AppShell } from '../AppShell.tsx';
import { DateField, TimeField, entriesReady } from '../ui/DateTimeFields.tsx';
import { useToast } from '../ui/Toast.tsx';

type Slot = Omit<WeeklySlot, 'userId'>;

interface Exception {
  id: string;
  date: string;
  isAvailable: boolean;
  startTime?: string;
  endTime?: string;
  reason?: string;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];


export function AdminAvailabilityPage() {
  const [slots, setSlots] = useState<Slot[]>();
  const [exceptions, setExceptions] = useState<Exception[]>();
  const { toast, success, error: fail } = useToast();

  const load = useCallback(() => {
    void api<Slot[]>('/admin/availability/slots').then(setSlots, (e: unknown) => fail(describeApiError(e)));
    void api<Exception[]>('/admin/availability/exceptions').then(setExceptions, (e: unknown) => fail(describeApiError(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(load, [load]);

  async function send(path: string, method: string, body: object | undefined, message: string, form?: HTMLFormElement) {
    try {
      await api(path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
      form?.reset();
      success(message);
      load();
    } catch (e) {
      fail(describeApiError(e));
    }
  }

  function addSlot(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!entriesReady(event.currentTarget)) return;
    const data = new FormData(event.currentTarget);
    void send(
      '/admin/availability/slots',
      'POST',
      {
        dayOfWeek: Number(data.get('dayOfWeek')),
        startTime: data.get('startTime'),
        endTime: data.get('endTime'),
        duration: Number(data.get('duration')),
        bufferAfter: Number(data.get('bufferAfter')),
        maxAppointments: Number(data.get('maxAppointments')),
      },
      'Window added',
      event.currentTarget,
    );
  }

  function addException(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!entriesReady(event.currentTarget)) return;
    const data = new FormData(event.currentTarget);
    const start = String(data.get('startTime') ?? '');
    const end = String(data.get('endTime') ?? '');
    void send(
      '/admin/availability/exceptions',
      'POST',
      {
        date: data.get('date'),
        isAvailable: data.get('isAvailable') === 'true',
        ...(start && end ? { startTime: start, endTime: end } : {}),
        reason: String(data.get('reason') ?? '').trim() || undefined,
      },
      'Exception added',
      event.currentTarget,
    );
  }

  const sorted = [...(slots ?? [])].sort((a, b) => ((a.dayOfWeek + 6) % 7) - ((b.dayOfWeek + 6) % 7) || a.startTime.localeCompare(b.startTime));
  return (
    <AppShell area="admin" active="/admin/availability/" title="Availability">
      {(me) => (
        <section>
          <h1>Availability</h1>
          <p className="muted">Weekly windows in your time zone ({me.timezone}); exceptions override single dates.</p>
          <h2>Weekly windows</h2>
          {slots && (
            <div className="table-wrap">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Window</th>
                    <th scope="col">Slot</th>
                    <th scope="col">Buffer after</th>
                    <th scope="col">Capacity</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((s) => (
                    <tr key={s.id} className={s.isActive ? undefined : 'muted'}>
                      <td data-label="Day">{DAYS[s.dayOfWeek]}</td>
                      <td data-label="Window">
                        {s.startTime}–{s.endTime}
                      </td>
                      <td data-label="Slot">{s.duration} min</td>
                      <td data-label="Buffer after">{s.bufferAfter} min</td>
                      <td data-label="Capacity">{s.maxAppointments}</td>
                      <td className="actions">
                        <button type="button" className="secondary" onClick={() => void send(`/admin/availability/slots/${s.id}`, 'PUT', { isActive: !s.isActive }, s.isActive ? 'Window paused' : 'Window resumed')}>
                          {s.isActive ? 'Pause' : 'Resume'}
                        </button>
                        <button type="button" className="danger" onClick={() => void send(`/admin/availability/slots/${s.id}`, 'DELETE', undefined, 'Window deleted')}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <form className="card form inline-form" onSubmit={addSlot} aria-label="Add a weekly window">
            <div className="row">
              <div>
                <label htmlFor="dayOfWeek">Day</label>
                <select id="dayOfWeek" name="dayOfWeek" defaultValue={1}>
                  {DAYS.map((d, i) => (
                    <option key={d} value={i}>
                      {d}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <TimeField id="startTime" name="startTime" label="From" language="en" defaultValue="09:00" required />
              </div>
              <div>
                <TimeField id="endTime" name="endTime" label="To" language="en" defaultValue="12:00" required />
              </div>
              <div>
                <label htmlFor="duration">Slot (min)</label>
                <input id="duration" name="duration" type="number" min={5} max={720} step={5} defaultValue={60} />
              </div>
              <div>
                <label htmlFor="bufferAfter">Buffer (min)</label>
                <input id="bufferAfter" name="bufferAfter" type="number" min={0} max={240} step={5} defaultValue={0} />
              </div>
              <div>
                <label htmlFor="maxAppointments">Capacity</label>
                <input id="maxAppointments" name="maxAppointments" type="number" min={1} max={50} defaultValue={1} />
              </div>
            </div>
            <button type="submit">Add window</button>
          </form>

          <h2>Exceptions</h2>
          {exceptions && exceptions.length > 0 && (
            <ul className="cards">
              {[...exceptions]
                .sort((a, b) => a.date.localeCompare(b.date))
                .map((x) => (
                  <li key={x.id} className="appointment-card">
                    <span className="time">{x.date}</span>
                    <span>{x.isAvailable ? 'Extra window' : 'Blocked'} {x.startTime ? `${x.startTime}–${x.endTime}` : '(whole day)'}</span>
                    <span className="title">{x.reason}</span>
                    <button type="button" className="danger" onClick={() => void send(`/admin/availability/exceptions/${x.id}`, 'DELETE', undefined, 'Exception deleted')}>
                      Delete
                    </button>
                  </li>
                ))}
            </ul>
          )}
          <form className="card form inline-form" onSubmit={addException} aria-label="Add an exception">
            <div className="row">
              <div>
                <DateField id="date" name="date" label="Date" language="en" required />
              </div>
              <div>
                <label htmlFor="isAvailable">Kind</label>
                <select id="isAvailable" name="isAvailable" defaultValue="false">
                  <option value="false">Blocked</option>
                  <option value="true">Extra window</option>
                </select>
              </div>
              <div>
                <TimeField id="xStart" name="startTime" label="From (optional)" language="en" />
              </div>
              <div>
                <TimeField id="xEnd" name="endTime" label="To (optional)" language="en" />
              </div>
            </div>
            <label htmlFor="reason">Reason</label>
            <input id="reason" name="reason" placeholder="Vacation, Holiday…" maxLength={200} />
            <button type="submit">Add exception</button>
          </form>
          {toast}
        </section>
      )}
    </AppShell>
  );
}
