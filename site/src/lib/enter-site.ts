import { api, type Me } from './api.ts';

/**
 * Only same-origin paths are honoured as ?next= targets (no open redirect). Parsed as the browser
 * will follow it: `/\host` and `/<tab>/host` look like paths but leave the site.
 */
export function safeNext(): string | undefined {
  const next = new URLSearchParams(window.location.search).get('next');
  if (!next || !next.startsWith('/')) return undefined;
  const target = new URL(next, window.location.origin);
  return target.origin === window.location.origin ? `${target.pathname}${target.search}${target.hash}` : undefined;
}

/** A query parameter of the page (read after hydration: the static HTML knows no query string). */
export const queryParameter = (name: string) => new URLSearchParams(window.location.search).get(name) ?? '';

/**
 * After a sign-in of any kind: the profile exists from here on (GET /me creates it on first use),
 * optional details are saved on it, and the person lands where they were going or on their home.
 */
export async function enterSite(extra?: { phone?: string }): Promise<void> {
  let me = await api<Me>('/me');
  if (extra?.phone) me = await api<Me>('/me', { method: 'PUT', body: JSON.stringify({ phone: extra.phone }) }).catch(() => me);
  window.location.assign(safeNext() ?? (me.role === 'admin' ? '/admin/' : '/dashboard/'));
}
