import { randomUUID } from 'node:crypto';
import type { AdminCreateBody } from '../api/appointments.ts';
import type { Caller } from '../caller.ts';
import { config } from '../config.ts';
import { assertAssignableAdmin } from '../db/admins.ts';
import type { AppointmentItem } from '../db/appointments.ts';
import { findUserByEmail } from '../db/users.ts';
import { composeAppointment } from '../domain/appointments/compose.ts';
import { DEFAULT_CURRENCY } from '../domain/vocabulary.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { saveAppointment } from './save-appointment.ts';

export const CLIENT_NOT_FOUND = 'Client not found with this email';

/**
 * The seed's admin request: a pending appointment for a registered client, assigned to the caller
 * (or the admin named); with proposedTimes, every proposed time is held until the client picks one.
 */
export async function requestForClient(input: AdminCreateBody, caller: Caller, now: string): Promise<AppointmentItem> {
  const { action: _action, clientEmail, ...fields } = input;
  // Only a client can be asked: an admin's email is "not found" like an unknown one.
  const client = await findUserByEmail(clientEmail);
  if (!client || client.role !== 'client') throw new NotFound(CLIENT_NOT_FOUND);
  if (fields.assignedAdminId && fields.assignedAdminId !== caller.id) await assertAssignableAdmin(fields.assignedAdminId);
  // A proposed time the client could no longer pick would only hold their time for nothing.
  const passed = (fields.proposedTimes ?? []).findIndex((time) => Date.parse(time.startTime) <= Date.parse(now));
  if (passed >= 0) {
    throw new InvalidInput(`Invalid request: body.proposedTimes.${passed}.startTime: must be in the future`, [{ path: `body.proposedTimes.${passed}.startTime`, message: 'must be in the future' }]);
  }
  const draft = composeAppointment(
    { ...fields, status: 'pending' },
    { id: randomUUID(), now, actor: caller, owner: client, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY },
  );
  const saved = await saveAppointment(undefined, draft as AppointmentItem, { change: 'created', actor: caller.id });
  return saved!;
}
