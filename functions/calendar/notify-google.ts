import { acceptNotification } from '../../shared/calendar/notifications.ts';
import { NotFound, Unauthenticated } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/logger.ts';
import { routes } from '../routes/calendar.ts';

/**
 * Google calls this with headers only (no body): X-Goog-Channel-ID and the token we gave the
 * channel, and the resource state (`sync` when the channel starts, `exists` on a change). An
 * unknown channel or a wrong token is refused without saying which.
 */
export const handler = httpHandler(routes['POST /api/calendar/notifications/google'], async ({ event }) => {
  const headers = event.headers ?? {};
  const channelId = headers['x-goog-channel-id'];
  const state = headers['x-goog-resource-state'];
  if (!channelId || channelId.length > 128) throw new NotFound('Unknown channel');
  if (state === 'sync') return { data: { accepted: true } };
  const verdict = await acceptNotification('google', channelId, headers['x-goog-channel-token']);
  if (verdict === 'unknown_channel') throw new NotFound('Unknown channel');
  if (verdict === 'bad_secret') {
    logger.warn('Google notification refused: wrong channel token', { channelId });
    throw new Unauthenticated('Invalid channel token');
  }
  return { data: { accepted: true, sync: verdict } };
});
