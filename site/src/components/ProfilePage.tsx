import { translator } from '../lib/i18n.ts';
import { AppShell } from './AppShell.tsx';

const t = translator('fr');

export function ProfilePage() {
  return (
    <AppShell area="client" active="/dashboard/profile/" title={t('nav.profile')}>
      {(me) => (
        <section>
          <h1>{t('profile.title')}</h1>
          <dl className="card facts">
            <dt>{t('profile.name')}</dt>
            <dd>{[me.firstName, me.lastName].filter(Boolean).join(' ') || '—'}</dd>
            <dt>{t('profile.email')}</dt>
            <dd>{me.email}</dd>
            <dt>{t('profile.phone')}</dt>
            <dd>{me.phone ?? '—'}</dd>
            <dt>{t('profile.timezone')}</dt>
            <dd>{me.timezone}</dd>
            <dt>{t('profile.language')}</dt>
            <dd>{me.locale === 'fr' ? 'Français' : 'English'}</dd>
            <dt>{t('profile.role')}</dt>
            <dd>{t(me.role === 'admin' ? 'role.admin' : 'role.client')}</dd>
          </dl>
        </section>
      )}
    </AppShell>
  );
}
