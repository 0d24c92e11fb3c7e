import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeApiError, describeFieldErrors } from '../../lib/api.ts';
import { formatDay, formatTime, viewerZone } from '../../lib/format.ts';
import { fill } from '../../lib/i18n.ts';
import { localeOf, productFromAddress, productHref, publicApi, type PublicProduct } from '../../lib/public-booking.ts';
import { SlotPicker, type Slot } from '../appointments/SlotPicker.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';
import { BookingFrame, type BookingContext } from './BookingFrame.tsx';
import { productFacts, usePublicProducts } from './BookingProductsPage.tsx';

/** The fields a refusal can name that have a place on this form; anything else is said at the top. */
const FORM_FIELDS = ['name', 'email', 'phone', 'note'] as const;
type FormField = (typeof FORM_FIELDS)[number];
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every IANA zone the browser knows, the visitor's own first when Intl leaves it out (an alias such as "UTC"). */
function zoneChoices(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(viewerZone()) ? known : [viewerZone(), ...known];
}

interface Held {
  expiresAt: string;
  email: string;
  slot: Slot;
  zone: string;
}

/** "mardi 12 mai 2026 à 10:00" in `zone`. */
function whenText(iso: string, language: 'fr' | 'en', zone: string): string {
  const locale = localeOf(language);
  return `${formatDay(iso, locale, zone)} ${language === 'en' ? 'at' : 'à'} ${formatTime(iso, locale, zone)}`;
}

function BookingForm({ product, context }: { product: PublicProduct; context: BookingContext }) {
  const { t, language } = context;
  const zones = useMemo(zoneChoices, []);
  const [zone, setZone] = useState(viewerZone);
  const [slot, setSlot] = useState<Slot>();
  // Bumped when the time was taken meanwhile: the picker loads afresh, without it.
  const [pickerVersion, setPickerVersion] = useState(0);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField | 'slot', string>>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<Held>();
  const topError = useRef<HTMLParagraphElement>(null);
  const sentHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (error) topError.current?.scrollIntoView({ block: 'center' });
  }, [error]);
  useEffect(() => {
    if (held) sentHeading.current?.focus();
  }, [held]);

  function focusField(name: FormField | 'slot') {
    const target = name === 'slot' ? document.querySelector<HTMLElement>('.slot-picker table[role="grid"] button[tabindex="0"]') : document.getElementById(`book-${name}`);
    target?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const missing: Partial<Record<FormField | 'slot', string>> = {};
    if (!slot) missing.slot = t('book.slotMissing');
    if (!value('name')) missing.name = t('book.nameMissing');
    if (!value('email')) missing.email = t('book.emailMissing');
    else if (!LOOKS_LIKE_EMAIL.test(value('email'))) missing.email = t('book.emailInvalid');
    setFieldErrors(missing);
    setError(undefined);
    const first = (['slot', ...FORM_FIELDS] as const).find((name) => missing[name]);
    if (first || !slot) return first && focusField(first);

    setBusy(true);
    try {
      const answer = await publicApi<{ status: 'held'; expiresAt: string }>('/public/bookings', {
        method: 'POST',
        json: {
          productId: product.id,
          startTime: slot.startTime,
          endTime: slot.endTime,
          timezone: zone,
          name: value('name'),
          email: value('email'),
          ...(value('phone') ? { phone: value('phone') } : {}),
          ...(value('note') ? { note: value('note') } : {}),
          locale: language,
          // The hidden field: only a robot fills it in.
          ...(value('website') ? { website: value('website') } : {}),
        },
      });
      setHeld({ expiresAt: answer.expiresAt, email: value('email'), slot, zone });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setFieldErrors({ slot: t('book.slotTaken') });
        setSlot(undefined);
        setPickerVersion((n) => n + 1);
      } else {
        const problems = describeFieldErrors(e, language);
        const beside = Object.fromEntries(FORM_FIELDS.filter((name) => problems[name]).map((name) => [name, problems[name]]));
        const elsewhere = Object.keys(problems).some((name) => !(FORM_FIELDS as readonly string[]).includes(name));
        setFieldErrors(beside);
        setError(Object.keys(beside).length && !elsewhere ? t('book.checkFields') : describeApiError(e, language));
      }
    } finally {
      setBusy(false);
    }
  }

  if (held) {
    return (
      <section className="card book-sent" aria-labelledby="sent-title">
        <h2 id="sent-title" tabIndex={-1} ref={sentHeading}>
          {t('book.sentTitle')}
        </h2>
        <p>{fill(t('book.sentText'), { email: held.email })}</p>
        <p>
          <strong>
            {fill(t('book.heldUntil'), {
              when: whenText(held.slot.startTime, language, held.zone),
              time: formatTime(held.expiresAt, localeOf(language), held.zone),
              zone: held.zone,
            })}
          </strong>
        </p>
        <p className="muted">{t('book.notReceived')}</p>
        <p>
          <a href={productHref(product, context)}>{t('book.another')}</a>
        </p>
      </section>
    );
  }

  const describedBy = (name: FormField, hint?: string) => [hint, fieldErrors[name] ? `book-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: FormField | 'slot') =>
    fieldErrors[name] ? (
      <span className="field-error" id={`book-${name}-error`} role={name === 'slot' ? 'alert' : undefined}>
        {fieldErrors[name]}
      </span>
    ) : null;

  return (
    <form className="book-form" onSubmit={submit} noValidate>
      {error && (
        <p className="form-error notice notice-error" role="alert" ref={topError}>
          {error}
        </p>
      )}
      <fieldset className="slots">
        <legend>{t('book.pickTime')}</legend>
        <div className="zone-field">
          <label htmlFor="book-zone">{t('book.timezone')}</label>
          <select
            id="book-zone"
            value={zone}
            onChange={(e) => {
              setZone(e.target.value);
              setSlot(undefined);
            }}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <SlotPicker
          key={pickerVersion}
          product={product}
          headingLevel={2}
          zone={zone}
          language={language}
          chosen={slot}
          onChoose={(chosen) => {
            setSlot(chosen);
            setFieldErrors((all) => ({ ...all, slot: undefined }));
          }}
        />
        {fieldError('slot')}
      </fieldset>
      <fieldset className="book-details">
        <legend>{t('book.details')}</legend>
        <label htmlFor="book-name">{t('book.name')}</label>
        <input id="book-name" name="name" autoComplete="name" required maxLength={120} aria-invalid={!!fieldErrors.name} aria-describedby={describedBy('name')} />
        {fieldError('name')}
        <label htmlFor="book-email">{t('book.email')}</label>
        <p className="muted small field-hint" id="book-email-hint">
          {t('book.emailHint')}
        </p>
        <input
          id="book-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          aria-invalid={!!fieldErrors.email}
          aria-describedby={describedBy('email', 'book-email-hint')}
        />
        {fieldError('email')}
        <label htmlFor="book-phone">{t('book.phone')}</label>
        <input id="book-phone" name="phone" type="tel" autoComplete="tel" maxLength={40} aria-invalid={!!fieldErrors.phone} aria-describedby={describedBy('phone')} />
        {fieldError('phone')}
        <label htmlFor="book-note">{t('book.note')}</label>
        <textarea id="book-note" name="note" maxLength={2000} aria-invalid={!!fieldErrors.note} aria-describedby={describedBy('note')} />
        {fieldError('note')}
        {/* A honeypot: hidden from people and from assistive technology, out of the tab order. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="book-website">{t('book.honeypot')}</label>
          <input id="book-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
      </fieldset>
      <p className="book-chosen">{slot ? fill(t('book.chosen'), { when: `${whenText(slot.startTime, language, zone)} (${zone})` }) : t('book.noneChosen')}</p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('book.submitting') : t('book.submit')}
        </button>
      </div>
    </form>
  );
}

function ProductBooking({ context }: { context: BookingContext }) {
  const { t, language, href } = context;
  const [wanted] = useState(() => productFromAddress(window.location.pathname, window.location.search));
  const { products, error, load } = usePublicProducts(language);

  const product = wanted && products?.find((p) => ('slug' in wanted ? p.slug === wanted.slug : p.id === wanted.id));
  useEffect(() => {
    if (product) document.title = `${product.name} · Rendez-vous`;
  }, [product, language]);

  const back = (
    <p>
      <a href={href('/book/')}>← {t('book.allServices')}</a>
    </p>
  );
  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{error}</p>
        <button type="button" onClick={load}>
          {t('shell.retry')}
        </button>
      </div>
    );
  }
  if (!products) return <Skeleton label={t('shell.loading')} shape="card" />;
  if (!product) {
    return (
      <section className="notice" aria-labelledby="missing-title">
        <h1 id="missing-title">{t('book.notFoundTitle')}</h1>
        <p>{t('book.notFound')}</p>
        <a className="button" href={href('/book/')}>
          {t('book.allServices')}
        </a>
      </section>
    );
  }
  return (
    <section aria-labelledby="product-title">
      {back}
      <h1 id="product-title">{product.name}</h1>
      <p className="product-facts">{productFacts(product, context)}</p>
      {product.description && <p className="product-description">{product.description}</p>}
      {product.requiresConfirmation && <p className="muted small">{t('book.onRequest')}</p>}
      <BookingForm product={product} context={context} />
    </section>
  );
}

/** /book/<slug>/ (one static page, /book/view/): a visitor books one public product. */
export function BookProductPage() {
  return <BookingFrame title="book.title">{(context) => <ProductBooking context={context} />}</BookingFrame>;
}
