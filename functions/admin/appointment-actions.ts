import { randomUUID } from 'node:crypto';
import { ADMIN_CREATE_REQUIRED, adminCreateBody, statsBody } from '../../shared/api/appointments.ts';
import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { appointmentView } from '../../shared/api/appointment-view.ts';
import { config } from '../../shared/config.ts';
import { assertAssignableAdmin } from '../../shared/db/admins.ts';
import { writeAppointment } from '../../shared/db/appointments.ts';
import { readMonthStats } from '../../shared/db/stats.ts';
import { findUserByEmail } from '../../shared/db/users.ts';
import { composeAppointment } from '../../shared/domain/appointments/compose.ts';
import { monthOf } from '../../shared/domain/appointments/stats.ts';
import { DEFAULT_CURRENCY } from '../../shared/domain/vocabulary.ts';
import { badRequest, notFound } from '../../shared/http/errors.ts';
import { httpHandler, validate, type ApiRequest } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

type Request = ApiRequest<'admin', (typeof requestSchemas)['POST /api/admin/appointments']>;

/** The seed's admin request: a pending appointment for a registered client, assigned to the caller. */
async function create({ caller, body: raw }: Request) {
  const missing = ADMIN_CREATE_REQUIRED.filter((field) => raw[field] === undefined || raw[field] === null || raw[field] === '');
  if (missing.length > 0) {
    throw badRequest(`Missing required fields: ${missing.join(', ')}`, missing.map((field) => ({ path: `body.${field}`, message: 'is required' })));
  }
  const body = validate(adminCreateBody, raw, 'body');
  // Only a client can be asked: an admin's email is "not found" like an unknown one.
  const client = await findUserByEmail(body.clientEmail);
  if (!client || client.role !== 'client') throw notFound('Client not found with this email');
  if (body.assignedAdminId && body.assignedAdminId !== caller.id) await assertAssignableAdmin(body.assignedAdminId);
  const draft = composeAppointment(
    { ...body, status: 'pending' },
    { id: randomUUID(), now: new Date().toISOString(), actor: caller, owner: client, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY },
  );
  const saved = (await writeAppointment(undefined, draft, { notice: { change: 'created', actor: caller.id } }))!;
  return { status: 201, data: appointmentView(saved, caller), message: 'Appointment request sent to client' };
}

/** The seed's statistics for a month (default: the current one), read from the month's counters. */
async function stats({ body: raw }: Request) {
  const body = validate(statsBody, raw, 'body');
  const month = body.month ?? monthOf(new Date().toISOString(), config().DEFAULT_TIMEZONE);
  return { data: { month, ...(await readMonthStats(month)) } };
}

export const handler = httpHandler(routes['POST /api/admin/appointments'], requestSchemas['POST /api/admin/appointments'], async (request) => {
  switch (request.body.action) {
    case 'create':
      return create(request);
    case 'stats':
      return stats(request);
    default:
      throw badRequest(`Unknown action: ${String(request.body.action).slice(0, 50)} (expected create or stats)`);
  }
});
