import { microsoftNotificationsBody } from '../../shared/api/calendar.ts';
import { acceptGraphNotifications } from '../../shared/calendar/notifications.ts';
import { InvalidInput } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/logger.ts';
import { routes } from '../routes/calendar.ts';

/**
 * Graph first checks the endpoint: it POSTs `?validationToken=…` and wants the token back as
 * text/plain within 10 s. Then it POSTs change notifications in batches and wants a 202 within
 * 3 s: each is checked (subscription known, clientState equal), and one sync per calendar queued;
 * at most MAX_GRAPH_NOTIFICATIONS subscriptions per POST, read in one batch (the rest is left to
 * the scheduled sync, and still answered 202, since Graph retries anything else).
 */
export const handler = httpHandler(routes['POST /api/calendar/notifications/microsoft'], async ({ event }) => {
  // Graph encodes the token's spaces as `+`: URLSearchParams decodes them as a form would.
  const validationToken = new URLSearchParams(event.rawQueryString ?? '').get('validationToken') ?? undefined;
  if (validationToken !== undefined) {
    if (validationToken.length === 0 || validationToken.length > 2048) throw new InvalidInput('Invalid validationToken');
    return { raw: { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: validationToken } };
  }
  let body: unknown;
  try {
    body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''));
  } catch {
    throw new InvalidInput('Request body must be valid JSON');
  }
  const parsed = microsoftNotificationsBody.safeParse(body);
  if (!parsed.success) throw new InvalidInput('Expected a change notification collection ({ value: [...] })');
  const summary = await acceptGraphNotifications(parsed.data.value);
  // One line per request, whatever the batch: a flood of made-up ids is not a flood of log lines.
  const ignored = (summary.unknown_channel ?? 0) + (summary.bad_secret ?? 0) + summary.leftToScheduledSync;
  (ignored > 0 ? logger.warn.bind(logger) : logger.info.bind(logger))('Graph notifications handled', summary);
  return { status: 202, data: { accepted: true } };
});
