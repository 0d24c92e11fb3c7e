import { describe, expect, it } from 'vitest';
import { bookingHref, bookingOptions, productFromAddress, productHref, tokenFromAddress } from '../../site/src/lib/public-booking.ts';

const token = 'Abc_def-0123456789abcdefghijklmnopqrstuvwxy';

describe('the public booking pages read the address', () => {
  it('finds the product in /book/<slug>/ (the shared link), or in ?slug= / ?id= on the static page itself', () => {
    expect(productFromAddress('/book/bilan-initial/', '')).toEqual({ slug: 'bilan-initial' });
    expect(productFromAddress('/book/bilan-initial', '?lang=en&embed=1')).toEqual({ slug: 'bilan-initial' });
    expect(productFromAddress('/book/view/', '?slug=bilan')).toEqual({ slug: 'bilan' });
    expect(productFromAddress('/book/view/', '?id=3f2b8c1e-9d4a-4f6b-8e2c-1a5d7b9c0e4f')).toEqual({ id: '3f2b8c1e-9d4a-4f6b-8e2c-1a5d7b9c0e4f' });
    expect(productFromAddress('/book/view/', '')).toBeUndefined();
    expect(productFromAddress('/book/', '')).toBeUndefined();
  });

  it('takes only a well-formed link secret, so a truncated or copied-wrong link is said to be one without a call', () => {
    expect(tokenFromAddress(`?token=${token}`)).toBe(token);
    expect(tokenFromAddress(`?token=${token}&lang=en`)).toBe(token);
    expect(tokenFromAddress(`?token=${token.slice(0, 30)}`)).toBeUndefined();
    expect(tokenFromAddress('?token=')).toBeUndefined();
    expect(tokenFromAddress('')).toBeUndefined();
  });

  it('is French unless the address or the visitor’s last choice says English; ?embed=1 drops the frame', () => {
    expect(bookingOptions('', null)).toEqual({ language: 'fr', embed: false });
    expect(bookingOptions('?lang=en', null)).toEqual({ language: 'en', embed: false });
    expect(bookingOptions('', 'en')).toEqual({ language: 'en', embed: false });
    expect(bookingOptions('?lang=fr', 'en')).toEqual({ language: 'fr', embed: false });
    expect(bookingOptions('?lang=de', 'xx')).toEqual({ language: 'fr', embed: false });
    expect(bookingOptions('?embed=1', null)).toEqual({ language: 'fr', embed: true });
  });

  it('keeps the language and the embedded mode in its links', () => {
    expect(bookingHref('/book/', { language: 'fr', embed: false })).toBe('/book/');
    expect(bookingHref('/book/', { language: 'en', embed: true })).toBe('/book/?lang=en&embed=1');
    expect(bookingHref('/book/manage/', { language: 'en', embed: false }, { token })).toBe(`/book/manage/?token=${token}&lang=en`);
    expect(productHref({ id: 'p1', slug: 'bilan' }, { language: 'fr', embed: true })).toBe('/book/bilan/?embed=1');
    expect(productHref({ id: 'p1' }, { language: 'fr', embed: false })).toBe('/book/view/?id=p1');
  });
});
