import type { Appointment } from '../../lib/appointments.ts';
import { formatMoney } from '../../lib/format.ts';
import type { translator } from '../../lib/i18n.ts';

/**
 * Where an appointment takes place (its address, its meeting link) and its price with whether it
 * is paid: rows of a `<dl className="facts">`, the same on the appointment's page and on the
 * booking pages a visitor opens from a link.
 */
export function PlaceAndPriceFacts({ appointment: a, t, locale }: { appointment: Appointment; t: ReturnType<typeof translator>; locale: string }) {
  return (
    <>
      {a.location && (
        <>
          <dt>{t('details.where')}</dt>
          <dd>{a.location}</dd>
        </>
      )}
      {a.meetingUrl && (
        <>
          <dt>{t('details.meeting')}</dt>
          <dd>
            <a href={a.meetingUrl} rel="noopener noreferrer" target="_blank">
              {a.meetingUrl}
            </a>
          </dd>
        </>
      )}
      {a.type === 'paid' && (
        <>
          <dt>{t('details.price')}</dt>
          <dd>
            {formatMoney(a.price, a.currency, locale)} · {t(a.isPaid ? 'pay.paid' : 'pay.unpaid')}
          </dd>
        </>
      )}
    </>
  );
}
