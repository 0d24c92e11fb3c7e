import type { AppointmentItem } from '../db/appointments.ts';
import { awaiting } from '../domain/appointments/rules.ts';

/**
 * An appointment as the API returns it. Internal notes only for admins; bookkeeping attributes
 * (search text, capacity) never. `awaiting` says who must confirm a pending appointment.
 */
export function appointmentView(item: AppointmentItem, viewer: { isAdmin: boolean }) {
  const { searchText: _search, adminCapacity: _capacity, notes, ...rest } = item;
  return { ...rest, awaiting: awaiting(item), ...(viewer.isAdmin && notes !== undefined ? { notes } : {}) };
}

export type AppointmentView = ReturnType<typeof appointmentView>;
