import type { AppointmentStatus } from '../vocabulary.ts';

/**
 * The status graph, for everyone (admins included): what each status may become. Reopening a
 * cancelled appointment makes it pending again (and takes its time back); completed and no-show
 * can be swapped to correct a mistake.
 */
export const TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'no_show', 'cancelled'],
  cancelled: ['pending'],
  completed: ['no_show'],
  no_show: ['completed'],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Pending and confirmed appointments occupy their client's and their admin's time. */
export function holdsTime(status: AppointmentStatus): boolean {
  return status === 'pending' || status === 'confirmed';
}
