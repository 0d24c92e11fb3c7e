import type { Appointment } from '../../lib/appointments.ts';
import { formatDay, formatRange } from '../../lib/format.ts';
import { fill } from '../../lib/i18n.ts';
import { localeOf } from '../../lib/public-booking.ts';
import { PlaceAndPriceFacts } from '../appointments/PlaceAndPriceFacts.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import type { BookingContext } from './BookingFrame.tsx';

/** "mardi 12 mai 2026 · 10:00 - 11:00 (Europe/Paris)": in the booking's own zone, which is named. */
export function bookingWhen(a: Pick<Appointment, 'startTime' | 'endTime' | 'timezone'>, { t, language }: Pick<BookingContext, 't' | 'language'>): string {
  const locale = localeOf(language);
  return fill(t('book.zoneNamed'), { when: `${formatDay(a.startTime, locale, a.timezone)} · ${formatRange(a.startTime, a.endTime, locale, a.timezone)}`, zone: a.timezone });
}

/** A booking as its client sees it through a link: what, when, its status, its price and notes. */
export function BookingSummary({ appointment: a, context }: { appointment: Appointment; context: BookingContext }) {
  const { t, language } = context;
  return (
    <>
      <div className="page-head">
        <h2 className="booking-title">{a.title}</h2>
        <StatusBadge status={a.status} language={language} />
      </div>
      <dl className="facts">
        <dt>{t('details.when')}</dt>
        <dd>{bookingWhen(a, context)}</dd>
        <PlaceAndPriceFacts appointment={a} t={t} locale={localeOf(language)} />
        {a.clientNote && (
          <>
            <dt>{t('details.note')}</dt>
            <dd>{a.clientNote}</dd>
          </>
        )}
        {a.cancellationReason && (
          <>
            <dt>{t('book.cancellationReason')}</dt>
            <dd>{a.cancellationReason}</dd>
          </>
        )}
      </dl>
    </>
  );
}
