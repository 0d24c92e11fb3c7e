import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { ApiError, apiEnvelope, api } from '../../lib/api.ts';
import { toLocalInput } from '../../lib/format.ts';

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
      if (e instanceof ApiError && e.status === 404) setErrors({ clientEmail: e.message });
      else if (e instanceof ApiError && e.details) {
        setErrors(Object.fromEntries((e.details as Array<{ path: string; message: string }>).map((d) => [d.path.replace('body.', ''), d.message])));
        setError(e.message);
      } else setError((e as Error).message);
      setBusy(false);
    }
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
            <div>
              <label htmlFor="start">Start</label>
              <input id="start" name="start" type="datetime-local" defaultValue={toLocalInput(start.toISOString())} />
            </div>
            <div>
              <label htmlFor="end">End</label>
              <input id="end" name="end" type="datetime-local" defaultValue={toLocalInput(end.toISOString())} aria-describedby="endTime-error" />
              {fieldError('endTime')}
            </div>
          </div>
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
