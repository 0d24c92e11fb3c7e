import { microsoftNotificationsBody } from '../../shared/api/calendar.ts';
import { acceptNotification } from '../../shared/calendar/notifications.ts';
import { InvalidInput } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/logger.ts';
import { routes } from '../routes/calendar.ts';

/**
 * Graph first checks the endpoint: it POSTs `?validationToken=…` and wants the token back as
 * text/plain within 10 s. Then it POSTs change notifications in batches and wants a 202 within
 * 3 s: each is checked (subscription known, clientState equal), and one sync per calendar queued.
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
  const seen = new Set<string>();
  for (const notification of parsed.data.value) {
    if (seen.has(notification.subscriptionId)) continue;
    seen.add(notification.subscriptionId);
    const verdict = await acceptNotification('microsoft', notification.subscriptionId, notification.clientState);
    if (verdict === 'unknown_channel' || verdict === 'bad_secret') logger.warn('Graph notification ignored', { subscriptionId: notification.subscriptionId, verdict });
  }
  return { status: 202, data: { accepted: true } };
});
