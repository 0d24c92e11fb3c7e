import { useEffect, useRef, useState } from 'react';
import { ApiError, describeApiError } from '../../lib/api.ts';
import type { Appointment } from '../../lib/appointments.ts';
import { publicApi, tokenFromAddress } from '../../lib/public-booking.ts';
import { Skeleton } from '../ui/Skeleton.tsx';
import { BookingFrame, type BookingContext } from './BookingFrame.tsx';
import { BookingSummary } from './BookingSummary.tsx';

type Outcome =
  | { kind: 'confirmed'; appointment: Appointment; manageToken: string }
  | { kind: 'lapsed'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; message: string };

/**
 * The confirmation e-mail's link: confirms the held booking as the page opens (a second visit
 * answers the same booking), then says what happens next and links to the page that manages it.
 */
function Confirmation({ context }: { context: BookingContext }) {
  const { t, language, href } = context;
  const [token] = useState(() => tokenFromAddress(window.location.search));
  const [outcome, setOutcome] = useState<Outcome>();
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  // The refusal as first received: switching the language says it again in the other one.
  const [refusal, setRefusal] = useState<unknown>();

  useEffect(() => {
    if (!token) return;
    let gone = false;
    setOutcome(undefined);
    publicApi<{ appointment: Appointment; manageToken: string }>('/public/bookings/confirm', { method: 'POST', json: { token } }).then(
      (answer) => !gone && setOutcome({ kind: 'confirmed', ...answer }),
      (e: unknown) => !gone && setRefusal(e),
    );
    return () => {
      gone = true;
    };
  }, [token, attempt]);

  useEffect(() => {
    if (refusal === undefined) return;
    const message = describeApiError(refusal, language);
    const status = refusal instanceof ApiError ? refusal.status : 0;
    setOutcome(status === 410 ? { kind: 'lapsed', message } : status === 404 || status === 400 ? { kind: 'invalid', message } : { kind: 'failed', message });
  }, [refusal, language]);

  useEffect(() => {
    if (outcome) heading.current?.focus();
  }, [outcome?.kind]);

  if (!token) {
    return (
      <section className="notice" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{t('book.linkProblemTitle')}</h1>
        <p>{t('book.linkMissing')}</p>
        <a className="button" href={href('/book/')}>
          {t('book.title')}
        </a>
      </section>
    );
  }
  if (!outcome) {
    return (
      <section aria-labelledby="confirm-title">
        <h1 id="confirm-title">{t('book.confirmTitle')}</h1>
        <Skeleton label={t('book.confirming')} shape="card" />
      </section>
    );
  }
  if (outcome.kind !== 'confirmed') {
    const title = outcome.kind === 'lapsed' ? t('book.lapsedTitle') : outcome.kind === 'invalid' ? t('book.linkProblemTitle') : t('book.confirmTitle');
    return (
      <section className="notice notice-error" aria-labelledby="confirm-title">
        <h1 id="confirm-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <p role="alert">{outcome.message}</p>
        <div className="actions">
          {outcome.kind === 'failed' && (
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('shell.retry')}
            </button>
          )}
          <a className={outcome.kind === 'failed' ? 'button secondary' : 'button'} href={href('/book/')}>
            {outcome.kind === 'lapsed' ? t('book.bookAgain') : t('book.title')}
          </a>
        </div>
      </section>
    );
  }

  const { appointment, manageToken } = outcome;
  const pending = appointment.status === 'pending';
  return (
    <section aria-labelledby="confirm-title">
      <h1 id="confirm-title" tabIndex={-1} ref={heading}>
        {pending ? t('book.pendingTitle') : appointment.status === 'confirmed' ? t('book.confirmedTitle') : t('book.manageTitle')}
      </h1>
      {pending && <p>{t('book.pendingText')}</p>}
      {appointment.status === 'confirmed' && <p>{t('book.confirmedText')}</p>}
      <article className="card details">
        <BookingSummary appointment={appointment} context={context} />
        <div className="actions detail-actions">
          <a className="button" href={href('/book/manage/', { token: manageToken })}>
            {t('book.manageLink')}
          </a>
        </div>
        <p className="muted small">{t('book.manageHint')}</p>
      </article>
    </section>
  );
}

/** /book/confirm/?token=…: the link of the e-mail that confirms a held booking. */
export function ConfirmBookingPage() {
  return <BookingFrame title="book.confirmTitle">{(context) => <Confirmation context={context} />}</BookingFrame>;
}
