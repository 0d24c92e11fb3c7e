import { CHANGED_CONCURRENTLY, getAppointment, writeAppointment, type AppointmentItem } from '../db/appointments.ts';
import { HttpError } from '../http/errors.ts';

const MAX_ATTEMPTS = 4;

/**
 * Applies `change` to the stored appointment through writeAppointment (so schedule holds and
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
      const saved = (await writeAppointment(current, next, { notice: { change: 'updated', actor } }))!;
      return { before: current, after: saved };
    } catch (error) {
      const lostRace = error instanceof HttpError && error.statusCode === 409 && error.message === CHANGED_CONCURRENTLY;
      if (!lostRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
