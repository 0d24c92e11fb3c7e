import { requestSchemas } from '../../shared/api/request-schemas.ts';
import { queryAppointments, type AppointmentItem } from '../../shared/db/appointments.ts';
import { withPeopleAndProducts } from '../../shared/db/embeds.ts';
import { toCsv } from '../../shared/domain/csv.ts';
import { badRequest } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

/** A Lambda response holds 6 MB: beyond this many rows the admin narrows the date range. */
const MAX_ROWS = 10_000;

const HEADER = [
  'id', 'title', 'status', 'type', 'price', 'currency', 'isPaid', 'startTime', 'endTime', 'timezone',
  'clientName', 'clientEmail', 'assignedAdmin', 'product', 'location', 'meetingUrl', 'createdAt',
] as const;

const name = (p: { firstName?: string; lastName?: string } | null) => (p ? [p.firstName, p.lastName].filter(Boolean).join(' ') : '');

export const handler = httpHandler(routes['GET /api/admin/appointments/export'], requestSchemas['GET /api/admin/appointments/export'], async ({ query }) => {
  const { limit: _pageSize, cursor: _cursor, assignedAdminId, q, ...filters } = query;
  const items: AppointmentItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAppointments(
      assignedAdminId ? { index: 'byAdmin', assignedAdminId } : { index: 'byTime' },
      { ...filters, q: q?.toLowerCase() },
      { limit: 200, cursor },
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (items.length > MAX_ROWS) throw badRequest(`More than ${MAX_ROWS} appointments match: narrow startDate/endDate`);
  } while (cursor);

  const rows = (await withPeopleAndProducts(items)).map(({ appointment: a, user, assignedAdmin, product }) => [
    a.id, a.title, a.status, a.type, a.price, a.currency, a.isPaid, a.startTime, a.endTime, a.timezone,
    name(user) || a.attendeeName, user?.email ?? a.attendeeEmail, assignedAdmin?.email, product?.name, a.location, a.meetingUrl, a.createdAt,
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
