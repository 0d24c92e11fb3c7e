import { translator } from '../lib/i18n.ts';
import { AppShell } from './AppShell.tsx';

const t = translator('fr');

export function OverviewPage() {
  return (
    <AppShell area="client" active="/dashboard/" title={t('nav.overview')}>
      {(me) => (
        <section>
          <h1>
            {t('overview.greeting')}, {me.firstName ?? me.email} !
          </h1>
          <p className="muted">{t('overview.intro')}</p>
          <dl className="card facts">
            <dt>{t('profile.email')}</dt>
            <dd>{me.email}</dd>
            <dt>{t('profile.role')}</dt>
            <dd>{t(me.role === 'admin' ? 'role.admin' : 'role.client')}</dd>
            <dt>{t('profile.timezone')}</dt>
            <dd>{me.timezone}</dd>
          </dl>
        </section>
      )}
    </AppShell>
  );
}
