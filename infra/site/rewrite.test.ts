import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { productSlug, RESERVED_SLUGS } from '../../shared/api/availability.ts';

// The exact text CloudFront runs (the site stack deploys this file as is), evaluated as a plain
// script the way CloudFront Functions do: its global `handler` is the entry point.
const source = readFileSync(path.join(import.meta.dirname, 'rewrite.js'), 'utf8');
const handler = vm.runInNewContext(`${source}\nhandler;`, {}) as (event: object) => { uri: string; headers: object };

const rewrite = (uri: string) => handler({ version: '1.0', context: { eventType: 'viewer-request' }, request: { method: 'GET', uri, headers: {} } }).uri;
const id = '3f2b8c1e-9d4a-4f6b-8e2c-1a5d7b9c0e4f';

describe('the deep-link CloudFront Function', () => {
  it.each([
    ['/', '/index.html'],
    ['/signin', '/signin/index.html'],
    ['/signin/', '/signin/index.html'],
    ['/dashboard/profile', '/dashboard/profile/index.html'],
    [`/dashboard/appointments/${id}`, '/dashboard/appointments/view/index.html'],
    [`/dashboard/appointments/${id}/`, '/dashboard/appointments/view/index.html'],
    [`/admin/appointments/${id.toUpperCase()}`, '/admin/appointments/view/index.html'],
    ['/dashboard/appointments', '/dashboard/appointments/index.html'],
    ['/dashboard/appointments/new', '/dashboard/appointments/new/index.html'],
    ['/book', '/book/index.html'],
    ['/book/', '/book/index.html'],
    ['/book/bilan-initial', '/book/view/index.html'],
    ['/book/bilan-initial/', '/book/view/index.html'],
    ['/book/consultation2/', '/book/view/index.html'],
    ['/book/confirm/', '/book/confirm/index.html'],
    ['/book/manage', '/book/manage/index.html'],
    ['/book/view/', '/book/view/index.html'],
    ['/book/Bilan/', '/book/Bilan/index.html'],
    ['/book/bilan/extra/', '/book/bilan/extra/index.html'],
    ['/_astro/x.js', '/_astro/x.js'],
    ['/favicon.svg', '/favicon.svg'],
    ['/404.html', '/404.html'],
    ['/config.json', '/config.json'],
  ])('%s → %s', (uri, expected) => {
    expect(rewrite(uri)).toBe(expected);
  });

  it("serves every product link the API accepts with the product page, and refuses as a slug each of the booking's own pages", () => {
    for (const slug of ['a', 'bilan', 'premiere-consultation-2', 'x'.repeat(60)]) {
      expect(productSlug.safeParse(slug).success, slug).toBe(true);
      expect(rewrite(`/book/${slug}/`), slug).toBe('/book/view/index.html');
    }
    for (const page of RESERVED_SLUGS) {
      expect(productSlug.safeParse(page).success, page).toBe(false);
      expect(rewrite(`/book/${page}/`)).toBe(`/book/${page}/index.html`);
    }
  });

  it('leaves the rest of the request alone', () => {
    const request = { method: 'GET', uri: '/signin', headers: { host: { value: 'example.org' } }, querystring: { next: { value: '/admin' } } };
    expect(handler({ request })).toEqual({ ...request, uri: '/signin/index.html' });
  });

  it('uses only what the cloudfront-js-2.0 runtime offers (no modules, one global handler)', () => {
    expect(source).not.toMatch(/\b(import|export|require)\b/);
    expect(source).toMatch(/^function handler\(event\) \{/m);
  });
});
