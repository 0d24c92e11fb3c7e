import { useEffect, useState, type ReactNode } from 'react';
import { translator, type MessageKey } from '../../lib/i18n.ts';
import { LANGUAGE_KEY, bookingHref, bookingOptions, type BookingOptions } from '../../lib/public-booking.ts';

export interface BookingContext extends BookingOptions {
  t: ReturnType<typeof translator>;
  /** A link to another booking page, keeping the language and the embedded mode. */
  href: (path: string, params?: Record<string, string>) => string;
}

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_KEY);
  } catch {
    // Storage refused (a third-party frame in some browsers): the address alone decides.
    return null;
  }
}

/**
 * The frame of the public booking pages: a slim header (the brand, the language switch, sign-in
 * for clients with an account), the page, and a footer. Embedded (`?embed=1`, inside another
 * site's <iframe>) it keeps only the page and the language switch. French by default; the
 * visitor's choice of language is kept in the address and in the browser.
 */
export function BookingFrame({ title, children }: { title: MessageKey; children: (context: BookingContext) => ReactNode }) {
  // client:only islands render in the browser alone: the address can be read at once.
  const [options, setOptions] = useState<BookingOptions>(() => bookingOptions(window.location.search, storedLanguage()));
  const t = translator(options.language);

  useEffect(() => {
    // Screen readers pronounce the page in the language it is shown in; the tab says where it is.
    document.documentElement.lang = options.language;
    document.title = `${translator(options.language)(title)} · Rendez-vous`;
    if (options.embed) document.documentElement.classList.add('embedded');
  }, [options.language, options.embed, title]);

  function switchLanguage() {
    const language = options.language === 'fr' ? 'en' : 'fr';
    try {
      window.localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Kept in the address only.
    }
    const url = new URL(window.location.href);
    if (language === 'en') url.searchParams.set('lang', 'en');
    else url.searchParams.delete('lang');
    window.history.replaceState(window.history.state, '', url);
    setOptions({ ...options, language });
  }

  const context: BookingContext = { ...options, t, href: (path, params) => bookingHref(path, options, params) };
  const other = t('book.otherLanguageCode');
  const languageSwitch = (
    <button type="button" className="secondary language-switch" lang={other} title={t('book.languageSwitch')} onClick={switchLanguage}>
      {t('book.otherLanguage')}
    </button>
  );

  if (options.embed) {
    return (
      <main id="content" className="book-page book-embedded">
        <div className="book-embed-bar">{languageSwitch}</div>
        {children(context)}
      </main>
    );
  }

  return (
    <div className="book-shell">
      <a className="skip-link" href="#content">
        {t('shell.skip')}
      </a>
      <header className="book-header">
        <a className="brand-inline" href={context.href('/book/')}>
          Rendez-vous
        </a>
        <div className="book-header-tools">
          {languageSwitch}
          <a className="book-signin" href="/signin/">
            {t('book.signIn')}
          </a>
        </div>
      </header>
      <main id="content" className="book-page">
        {children(context)}
      </main>
      <footer className="book-footer">
        <a href="/privacy/">{t('book.privacy')}</a>
      </footer>
    </div>
  );
}
