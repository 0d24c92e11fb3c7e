import { ApiError } from './api.ts';
import type { Language } from './i18n.ts';

/**
 * The visitor's side of public booking (README "Booking without an account"): /book/ lists the
 * public products, /book/<slug>/ books one (ONE static page, /book/view/, reads the product from
 * the address; infra/site/rewrite.js), /book/confirm/ and /book/manage/ are the e-mails' links.
 * No session: these pages call the public routes with plain fetch.
 */

/** GET /api/public/products: one product as visitors see it (shared/api/views.ts publicProductView). */
export interface PublicProduct {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  /** Cents; 0 is free. */
  price: number;
  currency: string;
  slug?: string;
  requiresConfirmation: boolean;
}

/** Which product the address names: /book/<slug>/ (the shared link), or ?slug= / ?id= on /book/view/ itself. */
export function productFromAddress(pathname: string, search: string): { slug: string } | { id: string } | undefined {
  const params = new URLSearchParams(search);
  const inPath = /^\/book\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(pathname)?.[1];
  if (inPath && inPath !== 'view') return { slug: inPath };
  const slug = params.get('slug');
  if (slug) return { slug };
  const id = params.get('id');
  return id ? { id } : undefined;
}

/** A link's secret as the e-mails carry it (shared/api/public-booking.ts bookingToken); anything else is not worth a call. */
export function tokenFromAddress(search: string): string | undefined {
  const token = new URLSearchParams(search).get('token')?.trim();
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

/** The formatting locale of a booking page's language. */
export const localeOf = (language: Language) => (language === 'en' ? 'en-GB' : 'fr-FR');

export interface BookingOptions {
  language: Language;
  /** Shown inside another site's <iframe>: no header, navigation or footer. */
  embed: boolean;
}

export const LANGUAGE_KEY = 'booking-language';

/**
 * French unless the visitor asked otherwise: `?lang=` in the address (a link can carry it), else
 * the language they last chose on these pages (kept in the browser), else French.
 */
export function bookingOptions(search: string, stored: string | null | undefined): BookingOptions {
  const params = new URLSearchParams(search);
  const asked = params.get('lang');
  const language: Language = asked === 'en' || asked === 'fr' ? asked : stored === 'en' ? 'en' : 'fr';
  return { language, embed: params.get('embed') === '1' };
}

/** A link between the booking pages that keeps the visitor's language and the embedded mode. */
export function bookingHref(path: string, options: BookingOptions, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params);
  if (options.language === 'en') query.set('lang', 'en');
  if (options.embed) query.set('embed', '1');
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The product's shareable address. A public product without a slug is reached by its id. */
export const productHref = (product: Pick<PublicProduct, 'id' | 'slug'>, options: BookingOptions) =>
  product.slug ? bookingHref(`/book/${product.slug}/`, options) : bookingHref('/book/view/', options, { id: product.id });

/** A public route of our API: the data of its envelope, or an ApiError carrying the refusal. */
export async function publicApi<T>(path: string, init: { method?: 'GET' | 'POST'; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method: init.method ?? 'GET',
    ...(init.json !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : {}),
  });
  const payload = await response.json().catch(() => undefined);
  if (!response.ok || !payload?.success) throw new ApiError(response.status, payload?.error ?? payload?.message ?? `HTTP ${response.status}`, payload?.details);
  return payload.data as T;
}
