import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { ApiError, apiEnvelope, api, describeApiError, describeFieldErrors } from '../../lib/api.ts';
import { toLocalInput } from '../../lib/format.ts';
import { DateTimeField } from '../ui/DateTimeFields.tsx';
import { MAX_PROPOSED_TIMES } from '../../../../shared/domain/appointments/proposals.ts';

interface Props {
  start: Date;
  end: Date;
  /** The client the request is for, when known beforehand (the Organization page's "Request appointment"). */
  clientEmail?: string;
  onClose: () => void;
  onSent: (message: string) => void;
}

interface UserHit {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  role: string;
}

/**
 * The seed's "Request Appointment with Client" dialog: a modal (focus moves in, Escape and the
 * backdrop close it, focus returns to where it was), times pre-filled from the clicked slot.
 */
export function RequestDialog({ start, end, clientEmail, onClose, onSent }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const [type, setType] = useState<'free' | 'paid'>('free');
  const [hits, setHits] = useState<UserHit[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Further times the client may choose from (the seed's "propose multiple time slots"); the first choice is Start/End.
  const [alternatives, setAlternatives] = useState<Array<{ key: number; start: string; end: string }>>([]);

  useModalKeys(dialog, onClose);
  // The client is known when the dialog comes from their account: the title is what to type first.
  useEffect(() => dialog.current?.querySelector<HTMLInputElement>(clientEmail ? '#title' : 'input')?.focus(), []);

  async function lookup(value: string) {
    if (value.trim().length < 2) return setHits([]);
    try {
      setHits(await api<UserHit[]>(`/admin/users?email=${encodeURIComponent(value.trim())}&limit=8`));
    } catch {
      setHits([]);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const missing: Record<string, string> = {};
    if (!value('clientEmail')) missing.clientEmail = 'Client email is required';
    if (!value('title')) missing.title = 'Title is required';
    if (!value('start')) missing.startTime = 'Give the start date and time';
    if (!value('end')) missing.endTime = 'Give the end date and time';
    else if (value('start') && value('end') <= value('start')) missing.endTime = 'The end must be after the start';
    alternatives.forEach((t, index) => {
      if (!t.start || !t.end) missing[`proposedTimes.${index + 1}`] = 'Give a start and an end';
    });
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setError(undefined);
    try {
      const price = type === 'paid' ? Math.round(Number(value('price').replace(',', '.')) * 100) : 0;
      const envelope = await apiEnvelope('/admin/appointments', {
        method: 'POST',
        body: JSON.stringify({
          action: 'create',
          clientEmail: value('clientEmail'),
          title: value('title'),
          description: value('description') || undefined,
          startTime: new Date(value('start')).toISOString(),
          endTime: new Date(value('end')).toISOString(),
          ...(alternatives.length > 0
            ? {
                proposedTimes: [
                  { startTime: new Date(value('start')).toISOString(), endTime: new Date(value('end')).toISOString() },
                  ...alternatives.map((t) => ({ startTime: new Date(t.start).toISOString(), endTime: new Date(t.end).toISOString() })),
                ],
              }
            : {}),
          timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          type,
          price,
          location: value('location') || undefined,
          meetingUrl: value('meetingUrl') || undefined,
          notes: value('notes') || undefined,
        }),
      });
      onSent(envelope.message ?? 'Appointment request sent to client');
    } catch (e) {
      const fields = describeFieldErrors(e);
      if (e instanceof ApiError && e.status === 404) setErrors({ clientEmail: e.message });
      else if (Object.keys(fields).length) {
        setErrors(fields);
        setError('Check the fields marked above.');
      } else setError(describeApiError(e));
      setBusy(false);
    }
  }

  /** A further time: the day after the last one given, at the same hours. */
  function addAlternative() {
    const form = dialog.current?.querySelector('form');
    const last = alternatives.at(-1);
    // The first time as the form holds it (its fields' ids are "start" and "end" too: not namedItem).
    const data = form ? new FormData(form) : undefined;
    const from = last ?? { start: String(data?.get('start') ?? ''), end: String(data?.get('end') ?? '') };
    // The next calendar day at the same clock time (a day is not always 24 hours: summer time).
    const nextDay = (local: string) => {
      const [date = '', clock = '00:00'] = local.split('T');
      const [y, m, d] = date.split('-').map(Number);
      if (!y || !m || !d) return '';
      const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
      return `${next}T${clock}`;
    };
    const key = (last?.key ?? 0) + 1;
    setAlternatives((list) => [...list, { key, start: nextDay(from.start), end: nextDay(from.end) }]);
    // The new row's start is what to set next.
    requestAnimationFrame(() => document.getElementById(`alt-start-${key}`)?.focus());
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${name}-error`} role="alert">
        {errors[name]}
      </span>
    ) : null;

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="request-title" ref={dialog}>
        <h2 id="request-title">Request Appointment with Client</h2>
        <form onSubmit={submit} noValidate>
          <label htmlFor="clientEmail">Client email *</label>
          <input
            id="clientEmail"
            name="clientEmail"
            type="email"
            list="client-hits"
            defaultValue={clientEmail}
            autoComplete="off"
            aria-invalid={!!errors.clientEmail}
            aria-describedby="clientEmail-error"
            onChange={(e) => {
              setErrors(({ clientEmail: _, ...rest }) => rest);
              void lookup(e.target.value);
            }}
          />
          <datalist id="client-hits">
            {hits.map((u) => (
              <option key={u.id} value={u.email}>
                {[u.firstName, u.lastName].filter(Boolean).join(' ')}
              </option>
            ))}
          </datalist>
          {fieldError('clientEmail')}
          <label htmlFor="title">Title *</label>
          <input id="title" name="title" maxLength={200} aria-invalid={!!errors.title} aria-describedby="title-error" />
          {fieldError('title')}
          <label htmlFor="description">Description</label>
          <textarea id="description" name="description" maxLength={5000} />
          <div className="row">
            <div className="row-wide">
              <DateTimeField id="start" name="start" legend="Start" language="en" required defaultValue={toLocalInput(start.toISOString())} error={errors.startTime} />
            </div>
            <div className="row-wide">
              <DateTimeField id="end" name="end" legend="End" language="en" required defaultValue={toLocalInput(end.toISOString())} error={errors.endTime} />
            </div>
          </div>
          {alternatives.length > 0 && (
            <fieldset className="slots">
              <legend>Other times the client may choose</legend>
              <p className="muted small">Every time is held in both calendars until the client chooses one; the others are then released.</p>
              <div className="proposal-rows">
                {alternatives.map((t, index) => {
                  const at = index + 2;
                  const problems = Object.entries(errors).filter(([path]) => path === `proposedTimes.${index + 1}` || path.startsWith(`proposedTimes.${index + 1}.`));
                  const update = (field: 'start' | 'end', v: string) => setAlternatives((list) => list.map((x) => (x.key === t.key ? { ...x, [field]: v } : x)));
                  return (
                    <div key={t.key} className="proposal-row" role="group" aria-label={`Time ${at}`}>
                      <div className="proposal-times">
                      {(['start', 'end'] as const).map((part) => (
                        <DateTimeField
                          key={part}
                          id={`alt-${part}-${t.key}`}
                          legend={part === 'start' ? `Time ${at}: start` : 'End'}
                          language="en"
                          required
                          value={t[part]}
                          onChange={(v) => update(part, v)}
                          error={problems.length > 0 ? problems.map(([, message]) => message).join(' · ') : undefined}
                          errorId={`alt-error-${t.key}`}
                        />
                      ))}
                      </div>
                      <button type="button" className="secondary" aria-label={`Remove time ${at}`} onClick={() => setAlternatives((list) => list.filter((x) => x.key !== t.key))}>
                        Remove
                      </button>
                      {problems.length > 0 && (
                        <span className="field-error" id={`alt-error-${t.key}`} role="alert">
                          {problems.map(([path, message]) => `${path.endsWith('endTime') ? 'End' : path.endsWith('startTime') ? 'Start' : `Time ${at}`}: ${message}`).join(' · ')}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          )}
          {fieldError('proposedTimes')}
          {alternatives.length < MAX_PROPOSED_TIMES - 1 && (
            <button type="button" className="secondary add-time" onClick={addAlternative}>
              {alternatives.length === 0 ? 'Propose other times…' : 'Add another time'}
            </button>
          )}
          <div className="row">
            <div>
              <label htmlFor="type">Type</label>
              <select id="type" name="type" value={type} onChange={(e) => setType(e.target.value as 'free' | 'paid')}>
                <option value="free">Free</option>
                <option value="paid">Paid</option>
              </select>
            </div>
            {type === 'paid' && (
              <div>
                <label htmlFor="price">Price (EUR)</label>
                <input id="price" name="price" inputMode="decimal" defaultValue="50" />
              </div>
            )}
          </div>
          <label htmlFor="location">Location</label>
          <input id="location" name="location" placeholder="Paris Office, or Virtual" maxLength={500} />
          <label htmlFor="meetingUrl">Meeting URL</label>
          <input id="meetingUrl" name="meetingUrl" type="url" placeholder="https://meet.google.com/…" aria-describedby="meetingUrl-error" />
          {fieldError('meetingUrl')}
          <label htmlFor="notes">Internal notes (admins only)</label>
          <textarea id="notes" name="notes" maxLength={5000} />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy}>
              Send Request
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
