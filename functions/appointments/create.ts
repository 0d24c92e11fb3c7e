import { randomUUID } from 'node:crypto';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { config } from '../../shared/config.ts';
import { writeAppointment } from '../../shared/db/appointments.ts';
import { ensureProfile } from '../../shared/db/users.ts';
import { composeAppointment } from '../../shared/domain/appointments/compose.ts';
import { DEFAULT_CURRENCY } from '../../shared/domain/vocabulary.ts';
import { announceChange } from '../../shared/events/publisher.ts';
import { badRequest } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { assertAssignableAdmin } from '../../shared/db/admins.ts';
import { routes } from '../routes.ts';

export const handler = httpHandler(routes['POST /api/appointments'], requestSchemas['POST /api/appointments'], async ({ caller, body }) => {
  const now = new Date().toISOString();
  if (!caller.isAdmin && body.startTime <= now) throw badRequest('Invalid request: body.startTime: must be in the future');
  const owner = await ensureProfile(caller);
  const draft = composeAppointment(body, {
    id: randomUUID(),
    now,
    actor: caller,
    owner,
    defaultTimezone: config().DEFAULT_TIMEZONE,
    defaultCurrency: DEFAULT_CURRENCY,
  });
  if (draft.assignedAdminId && draft.assignedAdminId !== caller.id) await assertAssignableAdmin(draft.assignedAdminId);
  const saved = (await writeAppointment(undefined, draft))!;
  await announceChange('created', undefined, saved, caller.id);
  return { status: 201, data: appointmentView(saved, caller) };
});
