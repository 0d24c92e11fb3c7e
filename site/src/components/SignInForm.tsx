import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeApiError } from '../lib/api.ts';
import { enterSite, queryParameter } from '../lib/enter-site.ts';
import { translator } from '../lib/i18n.ts';
import { SignInError, completeNewPassword, signIn } from '../lib/session.ts';
import { NewPasswordField, passwordProblem } from './account/PasswordField.tsx';

const t = translator('fr');

/**
 * Sign-in, and the steps Cognito may ask for before the session exists: an invited user chooses
 * their own password (NEW_PASSWORD_REQUIRED); an unconfirmed sign-up goes to its code step.
 */
export function SignInForm() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Read after hydration: the static HTML knows no query string.
  const [arrival, setArrival] = useState({ expired: false, confirmed: false, disabled: false, email: '' });
  const [challenge, setChallenge] = useState<{ email: string; session: string }>();
  const [newPassword, setNewPassword] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(
    () =>
      setArrival({
        expired: queryParameter('expired') === '1',
        confirmed: queryParameter('confirmed') === '1',
        disabled: queryParameter('disabled') === '1',
        email: queryParameter('email'),
      }),
    [],
  );
  useEffect(() => {
    if (challenge) heading.current?.focus();
  }, [challenge]);

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
      const outcome = await signIn(email, password);
      if (outcome.step === 'newPassword') {
        setChallenge({ email, session: outcome.session });
        setBusy(false);
        return;
      }
      if (outcome.step === 'confirmSignUp') {
        window.location.assign(`/signup/?email=${encodeURIComponent(email)}`);
        return;
      }
      await enterSite();
    } catch (e) {
      setError(e instanceof SignInError ? e.message : describeApiError(e));
      setBusy(false);
    }
  }

  async function submitNewPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const weak = passwordProblem(newPassword);
    if (weak) {
      setError(weak);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await completeNewPassword(challenge!.email, challenge!.session, newPassword);
      await enterSite();
    } catch (e) {
      setError(e instanceof SignInError ? e.message : describeApiError(e));
      setBusy(false);
    }
  }

  const errorLine = error && (
    <p className="form-error" role="alert">
      {error}
    </p>
  );

  if (challenge) {
    return (
      <form className="card signin" onSubmit={submitNewPassword} noValidate>
        <h1 ref={heading} tabIndex={-1}>
          Choisissez votre mot de passe
        </h1>
        <p className="muted">Vous vous êtes connecté avec un mot de passe temporaire : choisissez maintenant le vôtre pour {challenge.email}.</p>
        <NewPasswordField id="new-password" label="Nouveau mot de passe" value={newPassword} onChange={setNewPassword} />
        {errorLine}
        <button type="submit" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer et continuer'}
        </button>
      </form>
    );
  }

  return (
    <form className="card signin" onSubmit={submit} noValidate>
      <h1>{t('signin.title')}</h1>
      <p className="muted">{t('signin.subtitle')}</p>
      {arrival.expired && !error && (
        <p className="notice notice-warning" role="status">
          {t('signin.expired')}
        </p>
      )}
      {arrival.disabled && !error && (
        <p className="notice notice-warning" role="status">
          Ce compte est désactivé. Contactez l’équipe pour le réactiver.
        </p>
      )}
      {arrival.confirmed && !error && (
        <p className="notice" role="status">
          Votre adresse est confirmée : connectez-vous avec le mot de passe choisi.
        </p>
      )}
      <label htmlFor="email">{t('signin.email')}</label>
      <input id="email" name="email" type="email" autoComplete="username" required defaultValue={arrival.email} key={arrival.email} />
      <label htmlFor="password">{t('signin.password')}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {errorLine}
      <button type="submit" disabled={busy}>
        {busy ? t('signin.submitting') : t('signin.submit')}
      </button>
      <div className="account-links">
        <a href="/signin/forgot/">Mot de passe oublié ?</a>
        <a href="/signup/">Créer un compte</a>
      </div>
    </form>
  );
}
