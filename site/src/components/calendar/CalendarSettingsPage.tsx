import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError, describeApiError, type Me } from '../../lib/api.ts';
import {
  CALENDAR_PROVIDERS,
  CALLBACK_ERRORS,
  PROVIDER_NAMES,
  connectUrl,
  disconnectCalendar,
  isProvider,
  listConnections,
  syncCalendarNow,
  type CalendarConnection,
  type CalendarProvider,
  type CallbackError,
} from '../../lib/calendar-connections.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { capabilities, type Capabilities } from '../../lib/health.ts';
import { fill, translator } from '../../lib/i18n.ts';
import { AppShell } from '../AppShell.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { SandboxNote } from '../ui/SandboxNote.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';

/**
 * The page's words: French in the client area, English in the admin area (the same page serves
 * both, /dashboard/calendar/settings/ and /admin/calendar-sync/).
 */
type Translate = ReturnType<typeof translator>;
const Words = createContext<{ t: Translate; locale: string }>({ t: translator('fr'), locale: 'fr-FR' });
const useWords = () => useContext(Words);
const PAGES = { client: '/dashboard/calendar/settings/', admin: '/admin/calendar-sync/' } as const;
/** The query parameters the OAuth callback adds; removed from the address once read. */
const CALLBACK_PARAMS = ['connected', 'error', 'provider'];

interface Message {
  kind: 'success' | 'error';
  text: string;
}

/** The banner for `?connected=google` or `?error=state_expired` (…), if the callback sent us here. */
function messageFromQuery(search: string, t: Translate): Message | undefined {
  const params = new URLSearchParams(search);
  const connected = params.get('connected');
  const error = params.get('error');
  const provider = params.get('provider');
  if (isProvider(connected)) return { kind: 'success', text: fill(t('calendarSync.connected'), { provider: PROVIDER_NAMES[connected] }) };
  if (!error) return undefined;
  if (error === 'not_configured' && isProvider(provider)) {
    return { kind: 'error', text: fill(t('calendarSync.notConfiguredError'), { provider: PROVIDER_NAMES[provider] }) };
  }
  const known = CALLBACK_ERRORS.includes(error as CallbackError);
  return { kind: 'error', text: t(known ? (`calendarSync.error.${error as CallbackError}` as const) : 'calendarSync.error.unknown') };
}

/** The address without the callback's parameters, so a reload or a bookmark does not show the banner again. */
function dropCallbackParams(): void {
  const url = new URL(window.location.href);
  if (!CALLBACK_PARAMS.some((name) => url.searchParams.has(name))) return;
  for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/** Re-renders every 30 s so "il y a 2 minutes" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A page-level message; it takes the focus so screen readers read it out at once. */
function Banner({ message, onDismiss }: { message: Message; onDismiss: () => void }) {
  const { t } = useWords();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [message]);
  return (
    <div ref={ref} tabIndex={-1} className={`banner banner-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="calendar-banner">
      <p>{message.text}</p>
      <button type="button" className="link-button" onClick={onDismiss}>
        {t('calendarSync.dismiss')}
      </button>
    </div>
  );
}

function InlineMessage({ message }: { message?: Message }) {
  // The live region stays in the page so its later content is announced.
  return (
    <p className={message ? `inline-message inline-${message.kind}` : 'inline-message'} role={message?.kind === 'error' ? 'alert' : 'status'}>
      {message?.text}
    </p>
  );
}

/** A long address wraps after its "@", not in the middle of a word. */
function BreakableEmail({ email }: { email: string }) {
  const at = email.indexOf('@');
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

interface CardProps {
  provider: CalendarProvider;
  connections: CalendarConnection[];
  configured: boolean;
  now: number;
  redirecting: boolean;
  syncing: ReadonlySet<string>;
  messages: Record<string, Message | undefined>;
  onConnect: (provider: CalendarProvider) => void;
  onSync: (connection: CalendarConnection) => void;
  onDisconnect: (connection: CalendarConnection) => void;
}

function ProviderCard({ provider, connections, configured, now, redirecting, syncing, messages, onConnect, onSync, onDisconnect }: CardProps) {
  const { t, locale } = useWords();
  const titleId = `provider-${provider}-title`;
  const noteId = `provider-${provider}-not-configured`;
  const notConfigured = !configured && (
    <span id={noteId} className="muted small">
      {t('calendarSync.notConfigured')}
    </span>
  );
  const connectButton = (label: string, className?: string) => (
    <button
      type="button"
      className={className}
      disabled={!configured}
      aria-describedby={configured ? undefined : noteId}
      aria-disabled={redirecting || undefined}
      onClick={() => !redirecting && onConnect(provider)}
    >
      {redirecting ? t('calendarSync.redirecting') : label}
    </button>
  );

  return (
    <section className="card provider-card" aria-labelledby={titleId} data-provider={provider}>
      <div className="provider-head">
        <span className={`provider-mark provider-mark-${provider}`} aria-hidden="true">
          {provider === 'google' ? 'G' : 'O'}
        </span>
        <h2 id={titleId}>{PROVIDER_NAMES[provider]}</h2>
      </div>
      {connections.length === 0 ? (
        <>
          <p className="muted">{t('calendarSync.notConnected')}</p>
          <div className="actions">
            {connectButton(t('calendarSync.connect'))}
            {notConfigured}
          </div>
          <InlineMessage message={messages[provider]} />
        </>
      ) : (
        connections.map((connection) => (
          <div className="connection" key={connection.id}>
            <dl className="facts">
              <dt>{t('calendarSync.account')}</dt>
              <dd className="connection-email">
                <BreakableEmail email={connection.email} />
              </dd>
              <dt>{t('calendarSync.status')}</dt>
              <dd>
                <span className={`badge badge-sync-${connection.status}`}>{t(`calendarSync.status.${connection.status}`)}</span>
              </dd>
              <dt>{t('calendarSync.lastSync')}</dt>
              <dd>
                {connection.lastSyncAt ? (
                  <time dateTime={connection.lastSyncAt}>
                    {formatRelative(connection.lastSyncAt, locale, now)} <span className="muted">({formatDateTime(connection.lastSyncAt, locale)})</span>
                  </time>
                ) : (
                  <span className="muted">{t('calendarSync.neverSynced')}</span>
                )}
              </dd>
              {connection.status !== 'active' && connection.lastError && (
                <>
                  <dt>{t('calendarSync.lastError')}</dt>
                  <dd className="connection-error">{connection.lastError}</dd>
                </>
              )}
            </dl>
            {connection.status === 'needs_reauth' && (
              <div className="reauth">
                <p>{t('calendarSync.reauthHelp')}</p>
                <div className="actions">
                  {connectButton(t('calendarSync.reconnect'), 'prominent')}
                  {notConfigured}
                </div>
              </div>
            )}
            {connection.status === 'error' && <p className="muted small">{t('calendarSync.errorHelp')}</p>}
            <div className="actions connection-actions">
              {connection.status !== 'needs_reauth' && (
                <button
                  type="button"
                  className="secondary"
                  aria-disabled={syncing.has(connection.id) || undefined}
                  onClick={() => !syncing.has(connection.id) && onSync(connection)}
                >
                  {syncing.has(connection.id) ? t('calendarSync.syncing') : t('calendarSync.syncNow')}
                </button>
              )}
              <button type="button" className="danger-outline" onClick={() => onDisconnect(connection)}>
                {t('calendarSync.disconnect')}
              </button>
            </div>
            <InlineMessage message={messages[connection.id]} />
          </div>
        ))
      )}
      <SandboxNote provider={provider} badge={t('sandbox.badge')}>
        {fill(t('sandbox.calendar'), { provider: PROVIDER_NAMES[provider] })}
      </SandboxNote>
    </section>
  );
}

function CalendarSettings({ me, initialMessage }: { me: Me; initialMessage?: Message }) {
  const { t } = useWords();
  const [connections, setConnections] = useState<CalendarConnection[]>();
  const [caps, setCaps] = useState<Capabilities>();
  const [loadError, setLoadError] = useState<string>();
  const [banner, setBanner] = useState<Message | undefined>(initialMessage);
  const [messages, setMessages] = useState<Record<string, Message | undefined>>({});
  const [redirecting, setRedirecting] = useState<CalendarProvider>();
  const [syncing, setSyncing] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<CalendarConnection>();
  const [disconnecting, setDisconnecting] = useState(false);
  const timers = useRef<number[]>([]);
  const now = useNow();

  const load = useCallback(async () => {
    try {
      setConnections(await listConnections());
      setLoadError(undefined);
    } catch (e) {
      setLoadError(describeApiError(e));
    }
  }, []);

  useEffect(() => {
    void load();
    void capabilities().then(setCaps);
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, [load]);

  const say = (key: string, message: Message | undefined) => setMessages((current) => ({ ...current, [key]: message }));

  async function connect(provider: CalendarProvider) {
    setRedirecting(provider);
    say(provider, undefined);
    try {
      const { url } = await connectUrl(provider);
      window.location.assign(url);
    } catch (e) {
      setRedirecting(undefined);
      const text = e instanceof ApiError && e.status === 503 ? fill(t('calendarSync.notConfiguredError'), { provider: PROVIDER_NAMES[provider] }) : describeApiError(e);
      setBanner({ kind: 'error', text });
    }
  }

  async function sync(connection: CalendarConnection) {
    setSyncing((current) => new Set(current).add(connection.id));
    say(connection.id, undefined);
    try {
      await syncCalendarNow(connection.id);
      say(connection.id, { kind: 'success', text: t('calendarSync.syncQueued') });
      // The sync runs in the background: show its result (last sync, status) once it is likely done.
      timers.current.push(window.setTimeout(() => void load(), 3000), window.setTimeout(() => void load(), 10_000));
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) say(connection.id, { kind: 'error', text: t('calendarSync.syncTooSoon') });
      else if (e instanceof ApiError && e.status === 404) {
        setBanner({ kind: 'error', text: t('calendarSync.gone') });
        await load();
      } else say(connection.id, { kind: 'error', text: describeApiError(e) });
    } finally {
      setSyncing((current) => {
        const next = new Set(current);
        next.delete(connection.id);
        return next;
      });
    }
  }

  async function disconnect() {
    if (!confirming) return;
    const connection = confirming;
    setDisconnecting(true);
    try {
      await disconnectCalendar(connection.id);
      setBanner({ kind: 'success', text: fill(t('calendarSync.disconnected'), { provider: PROVIDER_NAMES[connection.provider] }) });
    } catch (e) {
      setBanner({ kind: 'error', text: e instanceof ApiError && e.status === 404 ? t('calendarSync.gone') : describeApiError(e) });
    }
    await load();
    // One render: the dialog goes, the list changes and the banner (which takes the focus) appears.
    setDisconnecting(false);
    setConfirming(undefined);
  }

  const closeDialog = useCallback(() => setConfirming(undefined), []);

  let body;
  if (loadError && !connections) {
    body = (
      <div className="notice notice-error" role="alert">
        <p>
          {t('calendarSync.loadError')} ({loadError})
        </p>
        <button type="button" onClick={() => void load()}>
          {t('shell.retry')}
        </button>
      </div>
    );
  } else if (!connections || !caps) {
    body = <Skeleton label={t('shell.loading')} rows={2} />;
  } else {
    body = (
      <div className="provider-cards">
        {CALENDAR_PROVIDERS.map((provider) => (
          <ProviderCard
            key={provider}
            provider={provider}
            connections={connections.filter((c) => c.provider === provider)}
            configured={caps.calendar[provider]}
            now={now}
            redirecting={redirecting === provider}
            syncing={syncing}
            messages={messages}
            onConnect={(p) => void connect(p)}
            onSync={(c) => void sync(c)}
            onDisconnect={setConfirming}
          />
        ))}
      </div>
    );
  }

  return (
    <>
      {banner && <Banner message={banner} onDismiss={() => setBanner(undefined)} />}
      {body}
      <section className="card sync-explained" aria-labelledby="sync-explained-title">
        <h2 id="sync-explained-title">{t('calendarSync.howTitle')}</h2>
        <ul>
          <li>{t('calendarSync.howPush')}</li>
          <li>{t(me.role === 'admin' ? 'calendarSync.howBusyAdmin' : 'calendarSync.howBusyClient')}</li>
          <li>{t('calendarSync.howSafe')}</li>
          <li>{t('calendarSync.howSchedule')}</li>
        </ul>
      </section>
      {confirming && (
        <ConfirmDialog
          title={fill(t('calendarSync.disconnectTitle'), { provider: PROVIDER_NAMES[confirming.provider] })}
          confirmLabel={t('calendarSync.disconnect')}
          busyLabel={t('calendarSync.disconnecting')}
          cancelLabel={t('calendarSync.cancel')}
          busy={disconnecting}
          danger
          onConfirm={() => void disconnect()}
          onCancel={closeDialog}
        >
          <p>{fill(t('calendarSync.disconnectText'), { email: confirming.email })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/**
 * /dashboard/calendar/settings: the user's Google and Outlook connections (connect, sync now,
 * disconnect, reconnect after a revoked consent). The OAuth callback comes back here with
 * ?connected= or ?error=; the banner says what happened and the parameters leave the address.
 */
export function CalendarSettingsPage({ area = 'client' }: { area?: 'client' | 'admin' }) {
  const t = translator(area === 'admin' ? 'en' : 'fr');
  // Read once: the callback's parameters leave the address at once (dropCallbackParams).
  const [callbackQuery] = useState(() => window.location.search);
  const [initialMessage] = useState(() => messageFromQuery(callbackQuery, t));
  useEffect(dropCallbackParams, []);
  return (
    <Words.Provider value={{ t, locale: area === 'admin' ? 'en-GB' : 'fr-FR' }}>
      <AppShell area={area} active={PAGES[area]} title={t('calendarSync.title')}>
        {(me) => {
          // The provider sends everyone back to the client page; an admin carries on in English.
          if (area === 'client' && me.role === 'admin' && initialMessage) window.location.replace(`${PAGES.admin}${callbackQuery}`);
          return (
            <section className="calendar-settings">
              <div className="page-head">
                <h1>{t('calendarSync.title')}</h1>
                <a className="button secondary" href={area === 'admin' ? '/admin/appointments/calendar/' : '/dashboard/calendar/'}>
                  {t('calendarSync.backToCalendar')}
                </a>
              </div>
              <p className="muted">{t('calendarSync.intro')}</p>
              <CalendarSettings me={me} initialMessage={initialMessage} />
            </section>
          );
        }}
      </AppShell>
    </Words.Provider>
  );
}
