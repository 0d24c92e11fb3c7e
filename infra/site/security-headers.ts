import { contentSecurityPolicy } from './content-security-policy.ts';

/**
 * THE security headers of the site, in one place: CloudFront's response headers policies
 * (infra/stacks/site-stack.ts) are built from SECURITY_HEADERS, and the local gateway behind
 * `npm start` and the browser tests sends siteSecurityHeaders() / embeddableSecurityHeaders() on the
 * site's responses, so the pages are tried locally under the very policy they get in AWS. No
 * aws-cdk-lib here: the local runtime imports this module.
 */
export const SECURITY_HEADERS = {
  /** Strict-Transport-Security: a year, subdomains included (ignored by browsers over plain http, as locally). */
  hstsMaxAgeSeconds: 365 * 86_400,
  hstsIncludeSubdomains: true,
  frameOption: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
} as const;

interface PolicyOptions {
  region: string;
  inlineScriptHashes: string[];
}

/**
 * The public booking pages, which a business may show in an <iframe> on its own site: CloudFront's
 * behavior for them (its path pattern) and the local gateway's test of a path say the same.
 */
export const EMBEDDABLE_PATH_PATTERN = '/book/*';
export const isEmbeddablePath = (pathname: string): boolean => pathname.startsWith('/book/');

/** The headers as CloudFront adds them to a response under the policy built from SECURITY_HEADERS: no page may be framed. */
export function siteSecurityHeaders(options: PolicyOptions): Record<string, string> {
  return {
    'strict-transport-security': strictTransportSecurity(),
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'x-frame-options': SECURITY_HEADERS.frameOption,
    'referrer-policy': SECURITY_HEADERS.referrerPolicy,
  };
}

/**
 * The headers of the public booking pages (EMBEDDABLE_PATH_PATTERN): the same, but framed by the
 * site itself and by `embedOrigins` (BOOKING_EMBED_ORIGINS). X-Frame-Options cannot name another
 * origin (ALLOW-FROM is ignored by browsers), so it is left out; CSP frame-ancestors decides.
 */
export function embeddableSecurityHeaders(options: PolicyOptions & { embedOrigins: readonly string[] }): Record<string, string> {
  return {
    'strict-transport-security': strictTransportSecurity(),
    'content-security-policy': contentSecurityPolicy({ ...options, frameAncestors: ["'self'", ...options.embedOrigins] }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': SECURITY_HEADERS.referrerPolicy,
  };
}

const strictTransportSecurity = () => `max-age=${SECURITY_HEADERS.hstsMaxAgeSeconds}${SECURITY_HEADERS.hstsIncludeSubdomains ? '; includeSubDomains' : ''}`;

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/**
 * BOOKING_EMBED_ORIGINS: the sites allowed to frame the booking pages, comma-separated origins such
 * as `https://www.example.com,https://shop.example.com` (a trailing `/` is dropped). Each must be a
 * bare https origin: no path, query, wildcard or keyword, since it goes into CSP frame-ancestors as
 * it is. `allowLoopbackHttp` also accepts http://localhost[:port] (`npm start` and its tests only).
 * Anything else throws, naming `source` and the value.
 */
export function parseEmbedOrigins(value: string | undefined, source: string, options: { allowLoopbackHttp?: boolean } = {}): string[] {
  if (value === undefined || value.trim() === '') return [];
  const origins = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return [...new Set(origins.map((entry) => checkOrigin(entry, source, options.allowLoopbackHttp ?? false)))];
}

function checkOrigin(entry: string, source: string, allowLoopbackHttp: boolean): string {
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  const https = url?.protocol === 'https:';
  const loopback = allowLoopbackHttp && url?.protocol === 'http:' && LOOPBACK.has(url.hostname);
  const bare = url !== undefined && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  // Compared with what was written: the URL parser would quietly turn "https://a.com/x" or
  // "https://*.a.com" into something else.
  const written = entry.replace(/\/$/, '').toLowerCase();
  if (!url || !(https || loopback) || !bare || !HOST.test(url.hostname) || url.origin !== written) {
    const wanted = allowLoopbackHttp ? 'an https origin (or http://localhost:<port>)' : 'an https origin';
    throw new Error(`${source} must list ${wanted} per entry, comma-separated, such as https://www.example.com (got "${entry}")`);
  }
  return url.origin;
}
