import { useEffect, useRef, useState, type FormEvent } from 'react';
import { updateAppointment, type Appointment } from '../../lib/appointments.ts';
import { formatDay, formatTime, toLocalInput } from '../../lib/format.ts';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { SlotPicker, type Slot } from './SlotPicker.tsx';
import { FormFooter } from '../ui/FormFooter.tsx';
import { DateTimeField } from '../ui/DateTimeFields.tsx';

/**
 * The client moves their own appointment: a product booking to another free slot of its product
 * (with the same member of the team), a free-form one to a new preferred time. Said before they
 * choose: a confirmed appointment goes back to the team unless it lands on an offered slot.
 */
export function RescheduleDialog({
  appointment: a,
  noticeHours,
  onClose,
  onSaved,
}: {
  appointment: Appointment;
  noticeHours: number;
  onClose: () => void;
  onSaved: (saved: Appointment) => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const [slot, setSlot] = useState<Slot>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [earliest] = useState(() => new Date(Date.now() + noticeHours * 3_600_000));
  useModalKeys(dialog, onClose);
  useEffect(() => dialog.current?.querySelector<HTMLElement>('h2')?.focus(), []);
  const length = Date.parse(a.endTime) - Date.parse(a.startTime);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let startTime: string;
    let endTime: string | undefined;
    if (a.productId) {
      if (!slot) return setError('Choisissez un nouveau créneau.');
      startTime = slot.startTime;
    } else {
      const value = String(new FormData(event.currentTarget).get('start') ?? '');
      const start = Date.parse(value);
      if (Number.isNaN(start)) return setError('Choisissez une date et une heure.');
      if (start < earliest.getTime()) return setError(`Choisissez un horaire au moins ${noticeHours} heures à l’avance.`);
      startTime = new Date(start).toISOString();
      endTime = new Date(start + length).toISOString();
    }
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await updateAppointment(a.id, { startTime, ...(endTime ? { endTime } : {}), version: a.version }));
    } catch (e) {
      const message = (e as Error).message;
      setError(
        message === 'Time slot is not available'
          ? 'Ce créneau n’est plus disponible : choisissez-en un autre.'
          : message.startsWith('Changes are possible up to')
            ? `Les changements sont possibles jusqu’à ${noticeHours} heures avant le début : contactez l’équipe.`
            : message,
      );
      setBusy(false);
    }
  }

  const backToTeam = a.status === 'confirmed' && !a.productId;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="reschedule-title" ref={dialog}>
        <h2 id="reschedule-title" tabIndex={-1}>
          Déplacer le rendez-vous
        </h2>
        <p className="muted">
          Actuellement : {formatDay(a.startTime)} · {formatTime(a.startTime)}.{' '}
          {backToTeam
            ? 'Le nouvel horaire sera proposé à l’équipe, qui le confirmera.'
            : a.status === 'pending'
              ? 'L’équipe confirmera le nouvel horaire.'
              : 'Le rendez-vous reste confirmé sur le nouveau créneau.'}
        </p>
        <form onSubmit={submit} noValidate>
          {a.productId ? (
            <SlotPicker product={{ id: a.productId }} chosen={slot} onChoose={setSlot} from={earliest} adminId={a.assignedAdminId} />
          ) : (
            <>
              <DateTimeField id="reschedule-start" name="start" legend="Nouvel horaire souhaité" language="fr" required defaultValue={toLocalInput(a.startTime)} />
            </>
          )}
          <FormFooter error={error} busy={busy} cancelLabel="Annuler" onCancel={onClose} submitLabel="Déplacer" busyLabel="Enregistrement…" />
        </form>
      </div>
    </div>
  );
}
