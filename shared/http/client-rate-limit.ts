/**
 * Per-client (per source IP) rate limits, ONE definition for the AWS WAF web ACL in front of
 * CloudFront (infra/stacks/firewall-stack.ts) and the local gateway behind `npm start`
 * (local/gateway.ts), so a client is refused at the same count and with the same answer in both.
 *
 * API Gateway's own throttles are global per route: one caller at ~20 requests/s would use up a
 * public route for everybody. These limits count per caller instead.
 */

/** At most `limit` requests per `windowSeconds` from one address. */
export interface ClientRateLimit {
  limit: number;
  /** AWS WAF counts over a trailing window of 60, 120, 300 or 600 seconds. */
  windowSeconds: 60 | 120 | 300 | 600;
}

/**
 * The routes anyone can call without a token (functions/routes.ts, `access: 'public'`): availability,
 * products, the OAuth callback, the Lago webhook, calendar push notifications, health, OpenAPI.
 * 300 per 5 minutes is one a second on average: far above a person using the site (a booking page
 * makes a handful) and above what Lago, Google or Microsoft send for one business's appointments,
 * far below a scraper or a flood.
 */
export const PUBLIC_ROUTES_RATE_LIMIT: ClientRateLimit = { limit: 300, windowSeconds: 300 };

/** Everything the distribution serves (site files and the whole API), per address. */
export const SITE_RATE_LIMIT: ClientRateLimit = { limit: 2000, windowSeconds: 300 };

/** The answer of either limit, in the API's error envelope (shared/http/envelope.ts). */
export const RATE_LIMITED_STATUS = 429;
export const RATE_LIMITED_MESSAGE = 'Too many requests from your address: wait a few minutes and try again.';
export const RATE_LIMITED_BODY = JSON.stringify({ success: false, error: RATE_LIMITED_MESSAGE });
/**
 * What WAF says in Retry-After (a fixed header: WAF lifts the block once the address's count over
 * the trailing window is back under the limit, which it re-checks every few seconds). The local
 * gateway, which counts in fixed windows, says exactly when its window ends.
 */
export const WAF_RETRY_AFTER_SECONDS = 60;

/** How a path is recognised as a public route's: the whole path, or a prefix for paths with {parameters}. */
export interface PathMatcher {
  match: 'exactly' | 'startsWith';
  path: string;
}

/**
 * The public routes of the manifest as path matchers (WAF byte matches on the URI path and the
 * local gateway use the same list). `/api/calendar/callback/{provider}` → starts with
 * `/api/calendar/callback/`; `/api/availability` → exactly that path (never `/api/admin/availability`).
 */
export function publicPathMatchers(routes: ReadonlyArray<{ path: string; access: string }>): PathMatcher[] {
  const matchers = new Map<string, PathMatcher>();
  for (const route of routes) {
    if (route.access !== 'public') continue;
    const parameter = route.path.indexOf('{');
    const matcher: PathMatcher = parameter === -1 ? { match: 'exactly', path: route.path } : { match: 'startsWith', path: route.path.slice(0, parameter) };
    matchers.set(`${matcher.match} ${matcher.path}`, matcher);
  }
  return [...matchers.values()].sort((a, b) => a.path.localeCompare(b.path));
}

export function matchesAnyPath(matchers: readonly PathMatcher[], pathname: string): boolean {
  return matchers.some((m) => (m.match === 'exactly' ? pathname === m.path : pathname.startsWith(m.path)));
}
