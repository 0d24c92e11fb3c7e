import { everyTeamAppointment } from '../../shared/appointments/list-appointments.ts';
import { toCsv } from '../../shared/domain/csv.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/admin.ts';

const HEADER = [
  'id', 'title', 'status', 'type', 'price', 'currency', 'isPaid', 'startTime', 'endTime', 'timezone',
  'clientName', 'clientEmail', 'assignedAdmin', 'product', 'location', 'meetingUrl', 'createdAt',
] as const;

/** Every instant of the file in ONE format: ISO 8601 in UTC ("2026-12-04T09:00:00.000Z"), whatever offset it was stored with. */
const utc = (iso: string | undefined) => (iso ? new Date(iso).toISOString() : iso);

const name = (p: { firstName?: string; lastName?: string } | null) => (p ? [p.firstName, p.lastName].filter(Boolean).join(' ') : '');

export const handler = httpHandler(routes['GET /api/admin/appointments/export'], async ({ query }) => {
  const { limit: _pageSize, cursor: _cursor, ...filters } = query;
  const rows = (await everyTeamAppointment(filters)).map(({ appointment: a, user, assignedAdmin, product }) => [
    a.id, a.title, a.status, a.type, a.price, a.currency, a.isPaid, utc(a.startTime), utc(a.endTime), a.timezone,
    name(user) || a.attendeeName, user?.email ?? a.attendeeEmail, assignedAdmin?.email, product?.name, a.location, a.meetingUrl, utc(a.createdAt),
  ]);
  return {
    raw: {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="appointments-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
      // A BOM so spreadsheet programs read the accents as UTF-8.
      body: `\uFEFF${toCsv(HEADER, rows)}`,
    },
  };
});
