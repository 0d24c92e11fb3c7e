import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSiteBuilt } from '../../local/site-build.ts';
import { ROOT } from '../constructs/booking-function.ts';
import { CLOUDFRONT_CSP_MAX_LENGTH, contentSecurityPolicy, inlineScriptHashes } from './content-security-policy.ts';

let dist: string;

beforeAll(async () => {
  dist = await ensureSiteBuilt(ROOT);
});

describe('the Content-Security-Policy of the site', () => {
  it('allows every inline script of the built site by its hash, and nothing inline besides', () => {
    const hashes = inlineScriptHashes(dist);
    const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
    expect(pages).toContain('index.html');
    let inline = 0;
    for (const page of pages) {
      const html = readFileSync(path.join(dist, page), 'utf8');
      for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        if (/src=/.test(attributes!) || !body) continue;
        inline += 1;
        expect(hashes, page).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
      }
    }
    expect(inline).toBeGreaterThan(0);
    const csp = contentSecurityPolicy({ region: 'eu-west-3', inlineScriptHashes: hashes });
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp.length).toBeLessThanOrEqual(CLOUDFRONT_CSP_MAX_LENGTH);
  });

  it('lets the page talk to its own origin and the regional Cognito endpoint only', () => {
    const csp = contentSecurityPolicy({ region: 'eu-west-3', inlineScriptHashes: [] });
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self' https://cognito-idp.eu-west-3.amazonaws.com",
        "object-src 'none'",
        "frame-ancestors 'none'",
      ]),
    );
  });

  it('fails the synth rather than exceed what CloudFront accepts', () => {
    const many = Array.from({ length: 40 }, (_, i) => `'sha256-${String(i).padStart(43, 'x')}='`);
    expect(() => contentSecurityPolicy({ region: 'eu-west-3', inlineScriptHashes: many })).toThrow(/1783/);
  });
});
