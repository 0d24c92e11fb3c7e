import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { SessionExpiredError, api, describeApiError, type Me } from '../lib/api.ts';
import { translator, type MessageKey } from '../lib/i18n.ts';
import { adminNav, clientNav } from '../lib/navigation.ts';
import { hasSession, redirectToSignIn, rememberedProfile, sessionLooksAdmin, signOut } from '../lib/session.ts';
import { Skeleton } from './ui/Skeleton.tsx';

interface Props {
  area: 'client' | 'admin';
  /** The nav item of this page. */
  active: string;
  title: string;
  /** Ask /me even when this tab remembers the profile: a page that edits it shows what is stored. */
  fresh?: boolean;
  children: (me: Me) => ReactNode;
}


/**
 * The signed-in frame of every page: sidebar, user, sign-out, and the admin-only guard. On an
 * admin page, someone who is not an admin gets the "Accès réservé" card alone (in French, no
 * admin navigation); before /me answers, the admin navigation shows only if the session's token
 * says admin, so a client never sees it even while the page loads.
 */
export function AppShell({ area, active, title, fresh = false, children }: Props) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const [expired, setExpired] = useState(false);
  // The navigation folds behind a Menu button on narrow screens (CSS decides when the button shows).
  const [menuOpen, setMenuOpen] = useState(false);
  // Read after the first render: the static HTML cannot know the session, and a first render that
  // differs from it is a hydration error (React #418).
  const [looksAdmin, setLooksAdmin] = useState(false);
  useEffect(() => setLooksAdmin(area === 'admin' && sessionLooksAdmin()), [area]);

  const load = useCallback(() => {
    setError(undefined);
    api<Me>('/me').then(setMe, (e: unknown) => (e instanceof SessionExpiredError ? setExpired(true) : setError(describeApiError(e))));
  }, []);

  useEffect(() => {
    if (!hasSession()) return redirectToSignIn();
    // The profile this tab remembers (from sign-in or the last edit) lets the page ask for its own
    // data at once, instead of after /me: one function woken on the way to the first screen, not
    // two in series. Without one (an old tab, a profile over an hour old) /me comes first.
    const known = fresh ? undefined : rememberedProfile<Me>();
    if (known) setMe(known);
    else load();
  }, [load, fresh]);

  const nav = area === 'admin' ? adminNav : clientNav;
  // The admin frame (English, admin navigation) is for admins only: by /me once it answered, by
  // the token's hint until then. Anyone else on an admin URL reads French, without the frame.
  const adminFrame = area === 'admin' && (me ? me.role === 'admin' : looksAdmin);
  const bare = area === 'admin' && !adminFrame;
  const forbidden = area === 'admin' && me !== undefined && me.role !== 'admin';
  const t = translator(adminFrame ? 'en' : 'fr');
  useEffect(() => {
    // The tab says it too (the static page's <title> names the admin page).
    if (forbidden) document.title = `${translator('fr')('admin.forbiddenTitle')} · Rendez-vous`;
  }, [forbidden]);
  useEffect(() => {
    // Screen readers pronounce the page in the language it is shown in (a client on an admin URL reads French).
    if (area === 'admin') document.documentElement.lang = adminFrame ? 'en' : 'fr';
  }, [area, adminFrame]);
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
    content = <Skeleton label={t('shell.loading')} shape="card" />;
  } else if (forbidden) {
    content = (
      <section className="notice forbidden" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">{t('admin.forbiddenTitle')}</h1>
        <p>{t('admin.forbidden')}</p>
        <a className="button" href="/dashboard/">
          {t('admin.backToDashboard')}
        </a>
      </section>
    );
  } else {
    content = children(me);
  }

  const user = me && (
    <span className="user">
      <span data-testid="user-name">{name}</span>
      <button type="button" className="link-button" onClick={() => signOut()}>
        {t('shell.signOut')}
      </button>
    </span>
  );

  const skip = (
    <a className="skip-link" href="#content">
      {t('shell.skip')}
    </a>
  );

  if (bare) {
    // No sidebar: the page is not theirs, the way out is the card's link (and the brand).
    return (
      <div className="shell shell-bare">
        {skip}
        <div className="main">
          <header className="topbar">
            <a className="brand-inline" href="/dashboard/">
              Rendez-vous
            </a>
            {user}
          </header>
          <main id="content">{content}</main>
        </div>
      </div>
    );
  }

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      {skip}
      <aside className="sidebar">
        <div className="sidebar-head">
          <a className="brand" href={area === 'admin' ? '/admin/' : '/dashboard/'}>
            Rendez-vous
          </a>
          <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="site-nav" onClick={() => setMenuOpen((open) => !open)}>
            {t('shell.menu')}
          </button>
        </div>
        <nav id="site-nav" aria-label={area === 'admin' ? 'Administration' : 'Navigation'}>
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
          {user}
        </header>
        <main id="content">{content}</main>
      </div>
    </div>
  );
}
