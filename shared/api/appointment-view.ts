import type { AppointmentItem } from '../db/appointments.ts';
import { awaiting } from '../domain/appointments/rules.ts';

/**
 * An appointment as the API returns it. Internal notes only for admins; bookkeeping attributes
 * (search text, capacity, buffers) never. `awaiting` says who must confirm a pending appointment.
 * `externalChange` (its event moved or deleted in a connected calendar) is shown to admins while
 * it concerns the current version: once the appointment changed again, our version was pushed.
 */
export function appointmentView(item: AppointmentItem, viewer: { isAdmin: boolean }) {
  const { searchText: _search, adminCapacity: _capacity, bufferBefore: _before, bufferAfter: _after, notes, externalChange, ...rest } = item;
  const currentChange = viewer.isAdmin && externalChange?.atVersion === item.version ? externalChange : undefined;
  return {
    ...rest,
    awaiting: awaiting(item),
    ...(viewer.isAdmin && notes !== undefined ? { notes } : {}),
    ...(currentChange ? { externalChange: currentChange } : {}),
  };
}

export type AppointmentView = ReturnType<typeof appointmentView>;
