import { useId, useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { updateAppointment, type Appointment } from '../../lib/appointments.ts';
import { formatDay, formatRangeWithZone } from '../../lib/format.ts';

/** Whether the team proposed several times for this request: the client confirms by choosing one. */
export const offersChoice = (a: Appointment) => a.status === 'pending' && a.awaiting === 'client' && (a.proposedTimes?.length ?? 0) > 1;

/** What the client reads when a choice is refused (the API's words are for developers). */
function refusalText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 400) return 'Cet horaire ne peut plus être choisi (il est peut-être déjà passé) : choisissez-en un autre.';
    if (error.status === 409) return 'Ce rendez-vous a changé entre-temps : la page a été actualisée, choisissez à nouveau.';
  }
  return 'Le rendez-vous n’a pas pu être confirmé. Réessayez dans un instant.';
}

interface Props {
  appointment: Appointment;
  onConfirmed: (saved: Appointment) => void;
  onRefused: (message: string) => void;
}

/**
 * The team's proposed times as one choice per time, in the client's time zone; "Confirmer cet
 * horaire" confirms the appointment there (the other times are released by the API).
 */
export function ProposedTimesChoice({ appointment: a, onConfirmed, onRefused }: Props) {
  const [chosen, setChosen] = useState<number>();
  const [busy, setBusy] = useState(false);
  const name = useId();
  const times = a.proposedTimes ?? [];

  async function confirm() {
    const time = chosen === undefined ? undefined : times[chosen];
    if (!time) return;
    setBusy(true);
    try {
      onConfirmed(await updateAppointment(a.id, { status: 'confirmed', startTime: time.startTime, endTime: time.endTime, version: a.version }));
    } catch (error) {
      onRefused(refusalText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="slots proposed-times">
      <legend>Choisissez l’horaire qui vous convient</legend>
      <div className="time-choices">
        {times.map((time, index) => (
          <label key={time.startTime} className={`time-choice${chosen === index ? ' chosen' : ''}`}>
            <input type="radio" name={name} value={index} checked={chosen === index} onChange={() => setChosen(index)} />
            <span>
              <span className="day">{formatDay(time.startTime)}</span>
              <span>{formatRangeWithZone(time.startTime, time.endTime, a.timezone)}</span>
            </span>
          </label>
        ))}
      </div>
      <button type="button" onClick={() => void confirm()} disabled={busy || chosen === undefined}>
        Confirmer cet horaire
      </button>
    </fieldset>
  );
}
