import { contentSecurityPolicy } from './content-security-policy.ts';

/**
 * THE security headers of the site, in one place: CloudFront's response headers policy
 * (infra/stacks/site-stack.ts) is built from SECURITY_HEADERS, and the local gateway behind
 * `npm start` and the browser tests sends siteSecurityHeaders() on the site's responses, so the
 * pages are tried locally under the very policy they get in AWS. No aws-cdk-lib here: the local
 * runtime imports this module.
 */
export const SECURITY_HEADERS = {
  /** Strict-Transport-Security: a year, subdomains included (ignored by browsers over plain http, as locally). */
  hstsMaxAgeSeconds: 365 * 86_400,
  hstsIncludeSubdomains: true,
  frameOption: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
} as const;

/** The headers as CloudFront adds them to a response under the policy built from SECURITY_HEADERS. */
export function siteSecurityHeaders(options: { region: string; inlineScriptHashes: string[] }): Record<string, string> {
  return {
    'strict-transport-security': `max-age=${SECURITY_HEADERS.hstsMaxAgeSeconds}${SECURITY_HEADERS.hstsIncludeSubdomains ? '; includeSubDomains' : ''}`,
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'x-frame-options': SECURITY_HEADERS.frameOption,
    'referrer-policy': SECURITY_HEADERS.referrerPolicy,
  };
}
