import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { inlineScriptHashes } from '../../infra/site/content-security-policy.ts';
import { embeddableSecurityHeaders, siteSecurityHeaders } from '../../infra/site/security-headers.ts';
import { REGION } from '../../local/runtime.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The local gateway sends the site's responses with the security headers CloudFront adds in AWS,
 * from the one definition the CDK policy is built from (infra/app.test.ts checks the policy against
 * the same function), so browser tests run the pages under the real Content-Security-Policy.
 */
const EMBED_ORIGINS = ['https://www.cabinet.example', 'http://localhost:4999'];
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ site: true, embedOrigins: EMBED_ORIGINS });
});
afterAll(() => stack.stop());

describe('the local gateway’s security headers', () => {
  it('are CloudFront’s on every site response: pages, deep links, assets, /config.json and the 404 page', async () => {
    const expected = siteSecurityHeaders({ region: REGION, inlineScriptHashes: inlineScriptHashes(inject('siteDir')) });
    expect(expected['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    const home = await fetch(`${stack.url}/`);
    const asset = (await home.text()).match(/\/_astro\/[^"']+\.js/)?.[0];
    expect(asset).toBeDefined();
    for (const path of ['/', '/dashboard/', '/admin/appointments/', asset!, '/config.json', '/no-such-page/']) {
      const response = await fetch(`${stack.url}${path}`);
      await response.arrayBuffer();
      const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, response.headers.get(name)]));
      expect(sent, path).toEqual(expected);
    }
  });

  it('let the public booking pages (/book/…), and them only, be framed by the site and BOOKING_EMBED_ORIGINS, as CloudFront’s /book/* behavior does', async () => {
    const hashes = inlineScriptHashes(inject('siteDir'));
    const expected = embeddableSecurityHeaders({ region: REGION, inlineScriptHashes: hashes, embedOrigins: EMBED_ORIGINS });
    expect(expected['content-security-policy']).toContain(`frame-ancestors 'self' ${EMBED_ORIGINS.join(' ')};`);
    // A booking page that does not exist gets the 404 page under the same headers: the behavior is by path.
    for (const path of ['/book/', '/book/?embed=1', '/book/no-such-product/']) {
      const response = await fetch(`${stack.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('x-frame-options'), path).toBeNull();
      const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, response.headers.get(name)]));
      expect(sent, path).toEqual(expected);
    }
    for (const path of ['/', '/admin/', '/admin/products/', '/booking/', '/config.json']) {
      const response = await fetch(`${stack.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });
});
