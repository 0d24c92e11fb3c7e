import { useState, type FormEvent } from 'react';
import { isPhoneNumber } from '../../../shared/domain/phone.ts';
import { api, describeApiError, describeFieldErrors, type Me } from '../lib/api.ts';
import { translator } from '../lib/i18n.ts';
import { signOut } from '../lib/session.ts';
import { AppShell } from './AppShell.tsx';
import { AccountSecurity } from './account/AccountSecurity.tsx';

const t = translator('fr');

function ProfileForm({ me }: { me: Me }) {
  const [profile, setProfile] = useState(me);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // The profile's own zone is always offered: browsers leave some valid ones (UTC) out of their list.
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = supported.includes(me.timezone) ? supported : [me.timezone, ...supported];

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    setError(undefined);
    setMessage(undefined);
    // The team addresses people by name, and calls the number given: both must be usable.
    const problems: Record<string, string> = {};
    if (!text('firstName')) problems.firstName = 'Indiquez votre prénom.';
    if (!text('lastName')) problems.lastName = 'Indiquez votre nom.';
    const phone = text('phone');
    if (phone && !isPhoneNumber(phone)) problems.phone = 'Ce numéro de téléphone n’est pas valide (chiffres, espaces et + ( ) - . seulement).';
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    try {
      const updated = await api<Me>('/me', {
        method: 'PUT',
        body: JSON.stringify({
          firstName: text('firstName'),
          lastName: text('lastName'),
          phone: text('phone'),
          timezone: form.get('timezone'),
          locale: form.get('locale'),
          emailNotifications: form.get('emailNotifications') === 'on',
        }),
      });
      setProfile(updated);
      setMessage('Profil enregistré.');
    } catch (e) {
      setFieldErrors(describeFieldErrors(e));
      setError(describeApiError(e));
    }
  }

  async function exportData() {
    const data = await api<unknown>('/me/export');
    const link = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })),
      download: 'mes-donnees.json',
    });
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function erase() {
    if (!window.confirm('Supprimer définitivement votre compte ? Vos rendez-vous à venir seront annulés.')) return;
    try {
      await api('/me', { method: 'DELETE' });
      signOut();
    } catch (e) {
      setError(describeApiError(e));
    }
  }

  return (
    <>
      <form className="card form" onSubmit={save}>
        <p className="muted">{profile.email}</p>
        <div className="row">
          <div>
            <label htmlFor="firstName">Prénom</label>
            <input id="firstName" name="firstName" defaultValue={profile.firstName ?? ''} maxLength={100} aria-invalid={!!fieldErrors.firstName} aria-describedby="firstName-error" />
            <FieldError id="firstName-error" text={fieldErrors.firstName} />
          </div>
          <div>
            <label htmlFor="lastName">Nom</label>
            <input id="lastName" name="lastName" defaultValue={profile.lastName ?? ''} maxLength={100} aria-invalid={!!fieldErrors.lastName} aria-describedby="lastName-error" />
            <FieldError id="lastName-error" text={fieldErrors.lastName} />
          </div>
        </div>
        <label htmlFor="phone">{t('profile.phone')}</label>
        <input id="phone" name="phone" type="tel" defaultValue={profile.phone ?? ''} maxLength={40} aria-invalid={!!fieldErrors.phone} aria-describedby="phone-error" />
        <FieldError id="phone-error" text={fieldErrors.phone} />
        <div className="row">
          <div>
            <label htmlFor="timezone">{t('profile.timezone')}</label>
            <select id="timezone" name="timezone" defaultValue={profile.timezone}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="locale">{t('profile.language')}</label>
            <select id="locale" name="locale" defaultValue={profile.locale}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
          </div>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="emailNotifications" defaultChecked={profile.emailNotifications} /> Recevoir les e-mails (demandes,
          confirmations avec invitation, rappels)
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <button type="submit">Enregistrer</button>
      </form>
      <AccountSecurity me={profile} onEmailChanged={setProfile} />
      <section className="card gdpr" aria-labelledby="gdpr-title">
        <h2 id="gdpr-title">Mes données (RGPD)</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void exportData()}>
            Exporter mes données
          </button>
          <button type="button" className="danger" onClick={() => void erase()}>
            Supprimer mon compte
          </button>
        </div>
      </section>
    </>
  );
}

export function ProfilePage() {
  return (
    <AppShell area="client" active="/dashboard/profile/" title={t('nav.profile')} fresh>
      {(me) => (
        <section>
          <h1>{t('profile.title')}</h1>
          <ProfileForm me={me} />
        </section>
      )}
    </AppShell>
  );
}

/** A field's problem, under it (read with the field through aria-describedby). */
function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <span className="field-error" id={id}>
      {text}
    </span>
  ) : null;
}
