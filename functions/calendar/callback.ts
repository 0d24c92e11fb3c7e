import { callbackParams, callbackQuery } from '../../shared/api/calendar.ts';
import { NONCE_COOKIE, clearedNonceCookie, completeAuthorization, settingsUrl } from '../../shared/calendar/connect.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes.ts';

const redirect = (location: string) => ({
  raw: { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, cookies: [clearedNonceCookie], body: '' },
});

/**
 * The provider sends the browser here: every outcome is a redirect to the settings page (a person
 * is looking at it), never a JSON error. Only an unknown provider in the path is a 400.
 */
export const handler = httpHandler(routes['GET /api/calendar/callback/{provider}'], { params: callbackParams }, async ({ params, event }) => {
  const query = callbackQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success) return redirect(settingsUrl({ error: 'invalid_state' }));
  const nonce = event.cookies
    ?.map((cookie) => cookie.split('='))
    .find(([name]) => name === NONCE_COOKIE)?.[1];
  const { location } = await completeAuthorization({ provider: params.provider, ...query.data, nonce });
  return redirect(location);
});
