import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { SessionExpiredError, api, type Me } from '../lib/api.ts';
import { translator, type MessageKey } from '../lib/i18n.ts';
import { adminNav, clientNav } from '../lib/navigation.ts';
import { hasSession, redirectToSignIn, signOut } from '../lib/session.ts';

interface Props {
  area: 'client' | 'admin';
  /** The nav item of this page. */
  active: string;
  title: string;
  children: (me: Me) => ReactNode;
}


/** The signed-in frame of every page: sidebar, user, sign-out, and the admin-only guard. */
export function AppShell({ area, active, title, children }: Props) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const [expired, setExpired] = useState(false);

  const load = useCallback(() => {
    setError(undefined);
    api<Me>('/me').then(setMe, (e: Error) => (e instanceof SessionExpiredError ? setExpired(true) : setError(e.message)));
  }, []);

  useEffect(() => {
    if (!hasSession()) return redirectToSignIn();
    load();
  }, [load]);

  const nav = area === 'admin' ? adminNav : clientNav;
  // The admin pages are in English (as in the seed); clients, even on an admin URL, read French.
  const t = translator(area === 'admin' && me?.role !== 'client' ? 'en' : 'fr');
  const label = (text: string) => (text.includes('.') ? t(text as MessageKey) : text);
  const name = me ? [me.firstName, me.lastName].filter(Boolean).join(' ') || me.email : '';

  let content: ReactNode;
  if (expired) {
    // On its way to sign-in: no error, no retry.
    content = <p aria-live="polite">{t('shell.sessionExpired')}</p>;
  } else if (error) {
    content = (
      <div className="notice notice-error" role="alert">
        <p>{t('shell.loadError')} ({error})</p>
        <button type="button" onClick={load}>
          {t('shell.retry')}
        </button>
      </div>
    );
  } else if (!me) {
    content = <p aria-live="polite">{t('shell.loading')}</p>;
  } else if (area === 'admin' && me.role !== 'admin') {
    content = (
      <section className="notice" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">{t('admin.forbiddenTitle')}</h1>
        <p>{t('admin.forbidden')}</p>
        <a href="/dashboard/">{t('admin.backToDashboard')}</a>
      </section>
    );
  } else {
    content = children(me);
  }

  return (
    <div className="shell">
      <aside className="sidebar">
        <a className="brand" href={area === 'admin' ? '/admin/' : '/dashboard/'}>
          Rendez-vous
        </a>
        <nav aria-label={area === 'admin' ? 'Administration' : 'Navigation'}>
          <ul>
            {nav.map((item) =>
              item.ready ? (
                <li key={item.href}>
                  <a href={item.href} aria-current={item.href === active ? 'page' : undefined}>
                    {label(item.label)}
                  </a>
                </li>
              ) : (
                <li key={item.href}>
                  <span className="nav-disabled" aria-disabled="true">
                    {label(item.label)} <small>({t('nav.soon')})</small>
                  </span>
                </li>
              ),
            )}
          </ul>
        </nav>
        {me?.role === 'admin' && (
          <a className="area-switch" href={area === 'admin' ? '/dashboard/' : '/admin/'}>
            {t(area === 'admin' ? 'shell.clientArea' : 'shell.adminArea')}
          </a>
        )}
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="page-title">{title}</span>
          {me && (
            <span className="user">
              <span data-testid="user-name">{name}</span>
              <button type="button" className="link-button" onClick={signOut}>
                {t('shell.signOut')}
              </button>
            </span>
          )}
        </header>
        <main id="content">{content}</main>
      </div>
    </div>
  );
}
