import { useEffect, useState, type FormEvent } from 'react';
import { api, type Me } from '../lib/api.ts';
import { translator } from '../lib/i18n.ts';
import { SignInError, signIn } from '../lib/session.ts';

const t = translator('fr');

/**
 * Only same-origin paths are honoured as ?next= targets (no open redirect). Parsed as the browser
 * will follow it: `/\host` and `/<tab>/host` look like paths but leave the site.
 */
function safeNext(): string | undefined {
  const next = new URLSearchParams(window.location.search).get('next');
  if (!next || !next.startsWith('/')) return undefined;
  const target = new URL(next, window.location.origin);
  return target.origin === window.location.origin ? `${target.pathname}${target.search}${target.hash}` : undefined;
}

/** Sent here because the session had expired (or was refused): the page says so. */
function sessionExpired(): boolean {
  return new URLSearchParams(window.location.search).get('expired') === '1';
}

export function SignInForm() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Read after hydration: the static HTML knows no query string.
  const [expired, setExpired] = useState(false);
  useEffect(() => setExpired(sessionExpired()), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read the fields themselves: what was typed before the page finished loading counts too.
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError(t('signin.missing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
      const me = await api<Me>('/me');
      window.location.assign(safeNext() ?? (me.role === 'admin' ? '/admin/' : '/dashboard/'));
    } catch (e) {
      setError(e instanceof SignInError ? e.message : (e as Error).message);
      setBusy(false);
    }
  }

  return (
    <form className="card signin" onSubmit={submit} noValidate>
      <h1>{t('signin.title')}</h1>
      <p className="muted">{t('signin.subtitle')}</p>
      {expired && !error && (
        <p className="notice notice-warning" role="status">
          {t('signin.expired')}
        </p>
      )}
      <label htmlFor="email">{t('signin.email')}</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">{t('signin.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('signin.submitting') : t('signin.submit')}
      </button>
    </form>
  );
}
