import { TZDate } from '@date-fns/tz';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import type { Appointment } from '../../lib/appointments.ts';
import { toLocalInput, viewerZone } from '../../lib/format.ts';
import { translator } from '../../lib/i18n.ts';
import { AppShell } from '../AppShell.tsx';

const t = translator('fr');
const DURATIONS = [30, 45, 60, 90, 120];

/** Wall-clock "YYYY-MM-DDTHH:mm" in `zone` → the UTC instant. */
function instantIn(local: string, zone: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return new TZDate(y, m - 1, d, h, min, zone).toISOString();
}

function initialValues() {
  const params = new URLSearchParams(typeof window === 'undefined' ? '' : window.location.search);
  const start = params.get('start');
  const end = params.get('end');
  const minutes = start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : 60;
  return { when: start ? toLocalInput(start) : '', duration: DURATIONS.includes(minutes) ? minutes : 60 };
}

export function NewRequestPage() {
  const initial = useMemo(initialValues, []);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [viewerZone()]), []);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const missing: Record<string, string> = {};
    if (!value('title')) missing.title = 'Obligatoire';
    if (!value('when')) missing.when = 'Obligatoire';
    setFieldErrors(missing);
    if (Object.keys(missing).length) return;
    const zone = value('timezone') || viewerZone();
    const startTime = instantIn(value('when'), zone);
    const endTime = new Date(Date.parse(startTime) + Number(value('duration')) * 60_000).toISOString();
    const location = value('location');
    const isLink = /^https?:\/\//i.test(location);
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<Appointment>('/appointments', {
        method: 'POST',
        body: JSON.stringify({
          title: value('title'),
          description: value('description') || undefined,
          startTime,
          endTime,
          timezone: zone,
          ...(isLink ? { meetingUrl: location } : location ? { location } : {}),
          clientNote: value('clientNote') || undefined,
        }),
      });
      window.location.assign(`/dashboard/appointments/${created.id}?created=1`);
    } catch (e) {
      const details = (e instanceof ApiError && (e.details as Array<{ path: string; message: string }>)) || [];
      setFieldErrors(Object.fromEntries(details.map((d) => [d.path.replace('body.', ''), d.message])));
      setError(e instanceof ApiError && e.status === 409 ? 'Ce créneau n’est pas disponible : choisissez une autre heure.' : (e as Error).message);
      setBusy(false);
    }
  }

  const fieldError = (name: string) =>
    fieldErrors[name] ? (
      <span className="field-error" id={`${name}-error`}>
        {fieldErrors[name]}
      </span>
    ) : null;

  return (
    <AppShell area="client" active="/dashboard/appointments/" title={t('nav.appointments')}>
      {() => (
        <section>
          <h1>{t('new.title')}</h1>
          <p className="muted">{t('new.intro')}</p>
          <form className="card form" onSubmit={submit} noValidate>
            <label htmlFor="title">{t('new.subject')} *</label>
            <input id="title" name="title" required maxLength={200} aria-invalid={!!fieldErrors.title} aria-describedby="title-error" />
            {fieldError('title')}
            <label htmlFor="description">{t('new.description')}</label>
            <textarea id="description" name="description" maxLength={5000} />
            <div className="row">
              <div>
                <label htmlFor="when">{t('new.when')} *</label>
                <input id="when" name="when" type="datetime-local" required defaultValue={initial.when} aria-invalid={!!(fieldErrors.when || fieldErrors.startTime)} aria-describedby="when-error" />
                {fieldError('when') ?? fieldError('startTime')}
              </div>
              <div>
                <label htmlFor="duration">{t('new.duration')}</label>
                <select id="duration" name="duration" defaultValue={initial.duration}>
                  {DURATIONS.map((m) => (
                    <option key={m} value={m}>
                      {m} min
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="timezone">{t('new.timezone')}</label>
                <select id="timezone" name="timezone" defaultValue={viewerZone()}>
                  {zones.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <label htmlFor="location">{t('new.location')}</label>
            <input id="location" name="location" maxLength={500} />
            <label htmlFor="clientNote">{t('new.note')}</label>
            <textarea id="clientNote" name="clientNote" maxLength={2000} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('new.submit')}
              </button>
              <a href="/dashboard/appointments/">{t('details.back')}</a>
            </div>
          </form>
        </section>
      )}
    </AppShell>
  );
}
