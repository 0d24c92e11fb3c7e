import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, describeApiError, describeFieldErrors } from '../../lib/api.ts';
import { updateAppointment, type Appointment } from '../../lib/appointments.ts';
import { toLocalInput } from '../../lib/format.ts';
import { DateTimeField } from '../ui/DateTimeFields.tsx';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { FormFooter } from '../ui/FormFooter.tsx';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
}

/**
 * The admin's "Edit" of one appointment: what it is, whether it is paid and how much, where, who of
 * the team runs it, internal notes, and its time (a reschedule, checked again for availability and
 * overlaps; a product booking may be moved off its offered slots with "Outside the offered slots").
 * Saved with the version read, so a change made meanwhile by someone else is not overwritten.
 */
export function EditAppointmentDialog({
  appointment: a,
  team,
  onClose,
  onSaved,
}: {
  appointment: Appointment & { notes?: string };
  team: TeamMember[];
  onClose: () => void;
  onSaved: (saved: Appointment) => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const [type, setType] = useState(a.type);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useModalKeys(dialog, onClose);
  useEffect(() => dialog.current?.querySelector<HTMLInputElement>('input')?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const problems: Record<string, string> = {};
    if (!value('title')) problems.title = 'Title is required';
    const start = Date.parse(value('start'));
    const end = Date.parse(value('end'));
    if (Number.isNaN(start)) problems.startTime = 'Choose a start';
    if (Number.isNaN(end)) problems.endTime = 'Choose an end';
    else if (end <= start) problems.endTime = 'The end must be after the start';
    const price = type === 'paid' ? Number(value('price').replace(',', '.')) : 0;
    if (type === 'paid' && !(price > 0)) problems.price = 'A paid appointment needs a price above zero';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const body: Record<string, unknown> = {
      version: a.version,
      title: value('title'),
      description: value('description') || null,
      type,
      ...(type === 'paid' ? { price: Math.round(price * 100), currency: value('currency') || 'EUR' } : {}),
      location: value('location') || null,
      meetingUrl: value('meetingUrl') || null,
      notes: value('notes') || null,
      assignedAdminId: value('assignedAdminId') || null,
    };
    const startIso = new Date(start).toISOString();
    const endIso = new Date(end).toISOString();
    if (startIso !== a.startTime || endIso !== a.endTime) Object.assign(body, { startTime: startIso, endTime: endIso });
    if (form.get('override') === 'on') body.overrideAvailability = true;
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await updateAppointment(a.id, body));
    } catch (e) {
      // Each field's problem beside it, once; the line under the form says what remains.
      const fields = describeFieldErrors(e);
      setErrors(fields);
      setError(
        Object.keys(fields).length
          ? 'Check the fields marked above.'
          : e instanceof ApiError && e.status === 409 && /version|changed/i.test(e.message)
            ? 'Someone changed this appointment meanwhile: close and open it again.'
            : describeApiError(e),
      );
      setBusy(false);
    }
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${name}-error`}>
        {errors[name]}
      </span>
    ) : null;
  const invalid = (name: string) => ({ 'aria-invalid': Boolean(errors[name]), 'aria-describedby': errors[name] ? `${name}-error` : undefined });

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="edit-title" ref={dialog}>
        <h2 id="edit-title">Edit appointment</h2>
        <form
          onSubmit={submit}
          noValidate
          onChange={(event) => {
            // A field's message goes as soon as that field changes.
            const name = (event.target as HTMLInputElement).name;
            const field = name === 'start' ? 'startTime' : name === 'end' ? 'endTime' : name;
            if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
          }}
        >
          <label htmlFor="edit-title-field">Title *</label>
          <input id="edit-title-field" name="title" defaultValue={a.title} maxLength={200} {...invalid('title')} />
          {fieldError('title')}
          <label htmlFor="edit-description">Description</label>
          <textarea id="edit-description" name="description" defaultValue={a.description ?? ''} maxLength={5000} />
          <div className="row">
            {(['start', 'end'] as const).map((part) => (
              <div key={part} className="row-wide">
                <DateTimeField
                  id={`edit-${part}`}
                  name={part}
                  legend={part === 'start' ? 'Start' : 'End'}
                  language="en"
                  required
                  defaultValue={toLocalInput(part === 'start' ? a.startTime : a.endTime)}
                  error={errors[`${part}Time`]}
                  onChange={() => errors[`${part}Time`] && setErrors(({ [`${part}Time`]: _, ...rest }) => rest)}
                />
              </div>
            ))}
          </div>
          {a.productId && (
            <label className="checkbox">
              <input type="checkbox" name="override" /> Outside the offered slots (skip the product&apos;s slot rules; overlaps are still refused)
            </label>
          )}
          <div className="row">
            <div>
              <label htmlFor="edit-type">Type</label>
              <select id="edit-type" name="type" value={type} onChange={(e) => setType(e.target.value as typeof type)}>
                <option value="free">Free</option>
                <option value="paid">Paid</option>
              </select>
            </div>
            {type === 'paid' && (
              <>
                <div>
                  <label htmlFor="edit-price">Price *</label>
                  <input
                    id="edit-price"
                    name="price"
                    inputMode="decimal"
                    defaultValue={a.type === 'paid' ? String(a.price / 100) : ''}
                    placeholder="50.00"
                    {...invalid('price')}
                  />
                  {fieldError('price')}
                </div>
                <div>
                  <label htmlFor="edit-currency">Currency</label>
                  <select id="edit-currency" name="currency" defaultValue={a.currency || 'EUR'}>
                    {['EUR', 'USD', 'GBP', 'CHF', 'CAD'].map((code) => (
                      <option key={code}>{code}</option>
                    ))}
                  </select>
                </div>
              </>
            )}
          </div>
          <label htmlFor="edit-assigned">Assigned admin</label>
          <select id="edit-assigned" name="assignedAdminId" defaultValue={a.assignedAdminId ?? ''}>
            <option value="">Unassigned</option>
            {team.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
          <label htmlFor="edit-location">Location</label>
          <input id="edit-location" name="location" defaultValue={a.location ?? ''} maxLength={500} />
          <label htmlFor="edit-meeting">Meeting URL</label>
          <input id="edit-meeting" name="meetingUrl" type="url" defaultValue={a.meetingUrl ?? ''} maxLength={2000} {...invalid('meetingUrl')} />
          {fieldError('meetingUrl')}
          <label htmlFor="edit-notes">Internal notes (admins only)</label>
          <textarea id="edit-notes" name="notes" defaultValue={a.notes ?? ''} maxLength={5000} />
          <FormFooter error={error} busy={busy} cancelLabel="Cancel" onCancel={onClose} submitLabel="Save changes" busyLabel="Saving…" />
        </form>
      </div>
    </div>
  );
}

/** What an admin's list of the team is loaded from (`GET /api/admin/admins`). */
export const loadTeam = () => api<TeamMember[]>('/admin/admins');
