import { TZDate } from '@date-fns/tz';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, describeApiError, describeFieldErrors } from '../../lib/api.ts';
import type { Appointment } from '../../lib/appointments.ts';
import { formatMoney, toLocalInput, viewerZone } from '../../lib/format.ts';
import { translator } from '../../lib/i18n.ts';
import { AppShell } from '../AppShell.tsx';
import { SlotPicker, type Slot } from './SlotPicker.tsx';
import { DateTimeField } from '../ui/DateTimeFields.tsx';

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

interface Product {
  id: string;
  name: string;
  durationMinutes: number;
  price: number;
  currency: string;
}

export function NewRequestPage() {
  const initial = useMemo(initialValues, []);
  // The viewer's own zone is always a choice (and the default): Intl's list leaves out aliases such
  // as "UTC", and the select then fell back to its first entry, Africa/Abidjan.
  const zones = useMemo(() => {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return known.includes(viewerZone()) ? known : [viewerZone(), ...known];
  }, []);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [products, setProducts] = useState<Product[]>([]);
  const [productId, setProductId] = useState('');
  const [slot, setSlot] = useState<Slot>();
  // Bumped when a slot was taken meanwhile: the picker loads afresh, without that time.
  const [slotsLoaded, setSlotsLoaded] = useState(0);
  const product = products.find((p) => p.id === productId);

  useEffect(() => {
    fetch('/api/products')
      .then((r) => r.json())
      .then((body) => body.success && setProducts(body.data), () => undefined);
  }, []);

  async function bookSlot(form: FormData) {
    if (!product || !slot) {
      setFieldErrors({ slot: 'Choisissez un créneau' });
      return;
    }
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<Appointment>('/appointments', {
        method: 'POST',
        body: JSON.stringify({
          productId: product.id,
          adminId: slot.adminId,
          startTime: slot.startTime,
          title: value('title') || product.name,
          description: value('description') || undefined,
          timezone: viewerZone(),
          clientNote: value('clientNote') || undefined,
        }),
      });
      window.location.assign(`/dashboard/appointments/${created.id}?created=1`);
    } catch (e) {
      const taken = e instanceof ApiError && e.status === 409;
      setError(taken ? 'Ce créneau vient d’être pris : choisissez-en un autre.' : describeApiError(e));
      if (taken) setSlotsLoaded((n) => n + 1);
      setSlot(undefined);
      setBusy(false);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (product) return bookSlot(form);
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
      // The API names the start startTime; the form asks for it as "when".
      const { startTime: when, ...fields } = describeFieldErrors(e, 'fr');
      setFieldErrors({ ...fields, ...(when ? { when } : {}) });
      setError(
        e instanceof ApiError && e.status === 409
          ? 'Ce créneau n’est pas disponible : choisissez une autre heure.'
          : when || Object.keys(fields).length
            ? 'Vérifiez les champs indiqués ci-dessus.'
            : describeApiError(e, 'fr'),
      );
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
            {products.length > 0 && (
              <>
                <label htmlFor="product">Type de rendez-vous</label>
                <select
                  id="product"
                  value={productId}
                  onChange={(e) => {
                    setProductId(e.target.value);
                    setSlot(undefined);
                  }}
                >
                  <option value="">Autre demande (horaire libre)</option>
                  {products.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} · {p.durationMinutes} min · {p.price > 0 ? formatMoney(p.price, p.currency) : t('type.free')}
                    </option>
                  ))}
                </select>
              </>
            )}
            <label htmlFor="title">{t('new.subject')}{product ? '' : ' *'}</label>
            <input id="title" name="title" required maxLength={200} aria-invalid={!!fieldErrors.title} aria-describedby="title-error" />
            {fieldError('title')}
            <label htmlFor="description">{t('new.description')}</label>
            <textarea id="description" name="description" maxLength={5000} />
            {product && (
              <fieldset className="slots">
                <legend>Créneaux disponibles</legend>
                <SlotPicker
                  key={slotsLoaded}
                  product={product}
                  headingLevel={2}
                  chosen={slot}
                  onChoose={setSlot}
                  onAskOtherTime={() => {
                    setProductId('');
                    setSlot(undefined);
                  }}
                />
                {fieldError('slot')}
              </fieldset>
            )}
            {!product && <div className="row">
              <div className="row-wide">
                <DateTimeField id="when" name="when" legend={`${t('new.when')} *`} language="fr" required defaultValue={initial.when} error={fieldErrors.when ?? fieldErrors.startTime} />
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
            </div>}
            {!product && (
              <>
                <label htmlFor="location">{t('new.location')}</label>
                <input id="location" name="location" maxLength={500} />
              </>
            )}
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
