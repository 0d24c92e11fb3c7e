import { getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { ChangedConcurrently } from '../errors.ts';
import { saveAppointment } from './save-appointment.ts';

const MAX_ATTEMPTS = 4;

/**
 * Applies `change` to the stored appointment through saveAppointment (so schedule holds and
 * month statistics stay exact) and announces it. What Lago reported must not be lost to a
 * concurrent edit: a lost optimistic-lock race re-reads and re-applies. `change` returns
 * undefined when there is nothing to write. `read` is a copy the caller already has (its version
 * is checked by the write, so a stale one only costs a retry).
 */
export async function changeAppointment(
  id: string,
  change: (current: AppointmentItem) => AppointmentItem | undefined,
  actor: string,
  read?: AppointmentItem,
): Promise<{ before: AppointmentItem; after: AppointmentItem } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && read ? read : await getAppointment(id);
    if (!current) return undefined;
    const next = change(current);
    if (!next) return undefined;
    try {
      const saved = (await saveAppointment(current, next, { change: 'updated', actor }))!;
      return { before: current, after: saved };
    } catch (error) {
      const lostRace = error instanceof ChangedConcurrently;
      if (!lostRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
