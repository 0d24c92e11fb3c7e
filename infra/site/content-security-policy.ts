import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CloudFront refuses a longer Content-Security-Policy value in a response headers policy. */
export const CLOUDFRONT_CSP_MAX_LENGTH = 1783;

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/**
 * The CSP hashes ('sha256-…') of every inline <script> in the built site. Astro inlines its island
 * loader in each page; allowing those exact scripts keeps 'unsafe-inline' out of script-src.
 */
export function inlineScriptHashes(siteDist: string): string[] {
  const hashes = new Set<string>();
  for (const file of htmlFiles(siteDist)) {
    for (const [, attributes, body] of readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)) {
      if (/\bsrc\s*=/i.test(attributes ?? '') || !body) continue;
      hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

/**
 * The site's Content-Security-Policy: everything from our own origin (the site, /api, /config.json),
 * plus the Cognito regional endpoint the sign-in form calls directly. Styles allow 'unsafe-inline'
 * because Astro inlines page CSS and React sets style attributes; scripts allow only hashed inline code.
 * `frameAncestors` says who may show the page in a frame: nobody unless given (the public booking
 * pages name the business's own sites, infra/site/security-headers.ts).
 */
export function contentSecurityPolicy(options: { region: string; inlineScriptHashes: string[]; frameAncestors?: string[] }): string {
  const policy = [
    "default-src 'self'",
    `script-src 'self' ${options.inlineScriptHashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' https://cognito-idp.${options.region}.amazonaws.com`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'"}`,
    'upgrade-insecure-requests',
  ].join('; ');
  if (policy.length > CLOUDFRONT_CSP_MAX_LENGTH) {
    throw new Error(`The Content-Security-Policy is ${policy.length} characters; CloudFront accepts ${CLOUDFRONT_CSP_MAX_LENGTH} at most.`);
  }
  return policy;
}
