import type { UpdateAppointmentBody } from '../api/appointments.ts';
import type { Caller } from '../caller.ts';
import { config } from '../config.ts';
import { assertAssignableAdmin } from '../db/admins.ts';
import type { AppointmentItem } from '../db/appointments.ts';
import { slotToReschedule } from '../db/availability.ts';
import { applyUpdate } from '../domain/appointments/compose.ts';
import { proposalChoice, settleProposals } from '../domain/appointments/proposals.ts';
import { movedByClient, placedOnSlot, placedWithoutSlot, slotRulesApply, withKeptDuration } from '../domain/appointments/reschedule.ts';
import { checkClientUpdate, checkOutcomeTime, checkTransition } from '../domain/appointments/rules.ts';
import { ChangedConcurrently, InvalidInput } from '../errors.ts';
import { readAppointment } from './read-appointment.ts';
import { refusalError } from './refusal.ts';
import { saveAppointment } from './save-appointment.ts';
import { outsideBookingWindow } from '../domain/appointments/request-limits.ts';

/**
 * PUT /api/appointments/{id}: confirm, cancel, edit or reschedule by the seed's rules. A product
 * booking that moves (or reopens) must land on an offered slot of its product unless an admin
 * overrides; every write re-checks the schedule in its transaction. A client moving their own
 * appointment asks the team again, unless it lands on an offered slot of its product. A request
 * offering several times is confirmed on the one chosen; the others are released in the same write.
 */
export async function updateAppointment(id: string, patch: UpdateAppointmentBody, caller: Caller, now: string): Promise<AppointmentItem> {
  const current = await readAppointment(id, caller);
  if (patch.version !== undefined && patch.version !== current.version) throw new ChangedConcurrently();
  const refusal =
    (!caller.isAdmin && checkClientUpdate(current, patch, { now, noticeHours: config().CLIENT_CHANGE_NOTICE_HOURS })) ||
    (patch.status && (checkTransition(current.status, patch.status) ?? checkOutcomeTime(current, patch.status, now)));
  if (refusal) throw refusalError(refusal);
  // A request offering several times is confirmed on the one chosen (proposals.ts).
  const choice = proposalChoice(current, patch, now);
  if (choice && 'refused' in choice) throw new InvalidInput(`Invalid request: ${choice.refused.path}: ${choice.refused.message}`, [choice.refused]);

  // The override is an instruction for this write, not a field of the appointment.
  const { overrideAvailability, ...changes } = patch;
  let next = choice ? applyUpdate(current, { ...changes, ...choice.chosen }, caller) : withKeptDuration(current, changes, applyUpdate(current, changes, caller));
  next = settleProposals(current, next);
  if (Date.parse(next.endTime) <= Date.parse(next.startTime)) throw new InvalidInput('Invalid request: body.endTime: must be after startTime');
  if (next.assignedAdminId && next.assignedAdminId !== current.assignedAdminId) await assertAssignableAdmin(next.assignedAdminId);

  // A product booking moved (or reopened) lands on an offered slot of its product, unless an admin overrides.
  // A proposed time was placed by the team when it proposed it (as its own appointments are): the slot rules do not run again.
  const checkSlot = !choice && slotRulesApply(current, next);
  if (checkSlot && overrideAvailability !== true) {
    const { slot } = await slotToReschedule({
      appointmentId: current.id,
      productId: next.productId!,
      startTime: next.startTime,
      now,
      ...(next.assignedAdminId ? { adminId: next.assignedAdminId } : {}),
    });
    if (changes.endTime !== undefined && Date.parse(changes.endTime) !== Date.parse(slot.endTime)) {
      throw new InvalidInput(`Invalid request: body.endTime: this product's slot ends at ${slot.endTime}; leave endTime out`, [{ path: 'body.endTime', message: `the slot ends at ${slot.endTime}` }]);
    }
    next = placedOnSlot(next, slot);
  } else {
    next = placedWithoutSlot(current, next, checkSlot);
  }
  if (!caller.isAdmin && !choice) {
    // A free-form time a client moves to obeys the booking window, as their request did (request-limits.ts).
    const { MIN_NOTICE_MINUTES, BOOKING_HORIZON_DAYS } = config();
    const outside = !checkSlot && next.startTime !== current.startTime && outsideBookingWindow(next.startTime, now, { minimumNoticeMinutes: MIN_NOTICE_MINUTES, horizonDays: BOOKING_HORIZON_DAYS });
    if (outside) throw new InvalidInput(`Invalid request: body.startTime: ${outside}`, [{ path: 'body.startTime', message: outside }]);
    next = movedByClient(current, next, caller.id, checkSlot);
  }

  const saved = await saveAppointment(current, next as AppointmentItem, { change: 'updated', actor: caller.id });
  return saved!;
}
