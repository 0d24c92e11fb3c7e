import { MALFORMED_CALLBACK } from '../../shared/api/calendar.ts';
import { NONCE_COOKIE, clearedNonceCookie, completeAuthorization, settingsUrl } from '../../shared/calendar/connect.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/calendar.ts';

const redirect = (location: string) => ({
  raw: { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, cookies: [clearedNonceCookie], body: '' },
});

/**
 * The provider sends the browser here: every outcome is a redirect to the settings page (a person
 * is looking at it), never a JSON error. Only an unknown provider in the path is a 400.
 */
export const handler = httpHandler(routes['GET /api/calendar/callback/{provider}'], async ({ params, query, event }) => {
  // A malformed answer cannot be trusted to finish anything: the person is told to start again.
  if (query === MALFORMED_CALLBACK) return redirect(settingsUrl({ error: 'invalid_state' }));
  const nonce = event.cookies
    ?.map((cookie) => cookie.split('='))
    .find(([name]) => name === NONCE_COOKIE)?.[1];
  const { location } = await completeAuthorization({ provider: params.provider, ...query, nonce });
  return redirect(location);
});
