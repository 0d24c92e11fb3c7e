import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { inlineScriptHashes } from '../../infra/site/content-security-policy.ts';
import { siteSecurityHeaders } from '../../infra/site/security-headers.ts';
import { REGION } from '../../local/runtime.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The local gateway sends the site's responses with the security headers CloudFront adds in AWS,
 * from the one definition the CDK policy is built from (infra/app.test.ts checks the policy against
 * the same function), so browser tests run the pages under the real Content-Security-Policy.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ site: true });
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
});
