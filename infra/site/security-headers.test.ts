import { describe, expect, it } from 'vitest';
import { embeddableSecurityHeaders, isEmbeddablePath, parseEmbedOrigins, siteSecurityHeaders } from './security-headers.ts';

describe('BOOKING_EMBED_ORIGINS', () => {
  it('reads comma-separated https origins: spaces, a trailing slash and repeats dropped, case folded', () => {
    expect(parseEmbedOrigins(' https://www.Cabinet.example/ , https://rdv.example:8443,https://www.cabinet.example', 'X')).toEqual([
      'https://www.cabinet.example',
      'https://rdv.example:8443',
    ]);
    expect(parseEmbedOrigins(undefined, 'X')).toEqual([]);
    expect(parseEmbedOrigins(' ', 'X')).toEqual([]);
  });

  it('refuses anything CSP would read otherwise, naming the setting and the entry', () => {
    for (const bad of ['http://www.cabinet.example', 'https://www.cabinet.example/book/', 'https://*.cabinet.example', '*', "'none'", 'cabinet.example', 'https://user@cabinet.example', 'https://cabinet.example#x', 'https://xn--caf-dma.example/x']) {
      expect(() => parseEmbedOrigins(`https://ok.example,${bad}`, 'BOOKING_EMBED_ORIGINS'), bad).toThrow(`BOOKING_EMBED_ORIGINS must list an https origin per entry, comma-separated, such as https://www.example.com (got "${bad}")`);
    }
  });

  it('takes http://localhost only where asked (npm start and its tests), never for the synth', () => {
    expect(parseEmbedOrigins('http://localhost:4321,http://127.0.0.1:9000', 'X', { allowLoopbackHttp: true })).toEqual(['http://localhost:4321', 'http://127.0.0.1:9000']);
    expect(() => parseEmbedOrigins('http://localhost:4321', '-c bookingEmbedOrigins')).toThrow(/-c bookingEmbedOrigins must list an https origin/);
    expect(() => parseEmbedOrigins('http://intranet.example', 'X', { allowLoopbackHttp: true })).toThrow(/got "http:\/\/intranet.example"/);
  });
});

describe('the headers of the framable booking pages', () => {
  const options = { region: 'eu-west-3', inlineScriptHashes: [] };

  it('are the site’s, with frame-ancestors listing the site and the embed origins, and no X-Frame-Options', () => {
    const site = siteSecurityHeaders(options);
    const book = embeddableSecurityHeaders({ ...options, embedOrigins: ['https://www.cabinet.example'] });
    expect(book['content-security-policy']).toBe(site['content-security-policy']!.replace("frame-ancestors 'none'", "frame-ancestors 'self' https://www.cabinet.example"));
    expect(book).not.toHaveProperty('x-frame-options');
    const { 'x-frame-options': deny, 'content-security-policy': _, ...rest } = site;
    expect(deny).toBe('DENY');
    expect(book).toMatchObject(rest);
  });

  it('cover /book/ and what is under it, nothing else', () => {
    expect(['/book/', '/book/premiere-consultation/', '/book/confirm/', '/book/manage/index.html'].every(isEmbeddablePath)).toBe(true);
    expect(['/', '/admin/products/', '/booking/', '/bookings/', '/api/public/bookings', '/_astro/x.js'].some(isEmbeddablePath)).toBe(false);
  });
});
