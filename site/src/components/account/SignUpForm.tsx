import { useEffect, useRef, useState, type FormEvent } from 'react';
import { enterSite, queryParameter } from '../../lib/enter-site.ts';
import { confirmSignUp, resendSignUpCode, signIn, signUp } from '../../lib/session.ts';
import { NewPasswordField, passwordProblem } from './PasswordField.tsx';
import { CODE_FORMAT, EMAIL, codeFrom, failureMessage } from './account-form.ts';

/** What the profile accepts as a phone number: digits, spaces, dots, dashes, parentheses, a leading +. */
const PHONE = /^\+?[0-9][0-9 .()-]{5,24}$/;


type Step = 'details' | 'code';

/**
 * Sign-up in two steps: the details (the password rules shown before submitting), then the code
 * Cognito e-mails. The link in that e-mail opens the code step directly (?email=). Once the code
 * is accepted the person is signed in with the password they just chose and lands on their
 * dashboard, their profile created; opened from the e-mail (no password in this tab), they are
 * sent to sign-in with their address filled in.
 */
export function SignUpForm() {
  const [step, setStep] = useState<Step>('details');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const fromLink = queryParameter('email');
    if (fromLink) {
      setEmail(fromLink);
      setStep('code');
    }
  }, []);
  // A new step is announced and takes the focus, as a new page would.
  useEffect(() => heading.current?.focus(), [step]);

  async function submitDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const givenName = String(form.get('givenName') ?? '').trim();
    const familyName = String(form.get('familyName') ?? '').trim();
    const address = String(form.get('email') ?? '').trim();
    const problems: Record<string, string> = {};
    if (!givenName) problems.givenName = 'Indiquez votre prénom.';
    if (!familyName) problems.familyName = 'Indiquez votre nom.';
    if (!EMAIL.test(address)) problems.email = 'Saisissez une adresse e-mail valide, par exemple marie@exemple.fr.';
    const weak = passwordProblem(password);
    if (weak) problems.password = weak;
    if (phone.trim() && !PHONE.test(phone.trim())) problems.phone = 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.';
    if (!form.get('privacy')) problems.privacy = 'Acceptez la politique de confidentialité pour créer votre compte.';
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) {
      setError('Corrigez les champs signalés.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signUp({ email: address, password, givenName, familyName, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      setEmail(address);
      setNotice(`Si cette adresse peut recevoir nos messages, un code de confirmation vient d’être envoyé à ${address}.`);
      setStep('code');
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = codeFrom(event.currentTarget, 'code');
    if (!code) {
      setError(CODE_FORMAT);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await confirmSignUp(email, code);
      if (!password) {
        window.location.assign(`/signin/?confirmed=1&email=${encodeURIComponent(email)}`);
        return;
      }
      const outcome = await signIn(email, password);
      if (outcome.step !== 'done') {
        window.location.assign(`/signin/?confirmed=1&email=${encodeURIComponent(email)}`);
        return;
      }
      await enterSite({ phone: phone.trim() || undefined });
    } catch (e) {
      setError(failureMessage(e));
      setBusy(false);
    }
  }

  async function resend() {
    setBusy(true);
    setError(undefined);
    try {
      await resendSignUpCode(email);
      setNotice(`Un nouveau code a été envoyé à ${email}. Seul le dernier code reçu est valable.`);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) =>
    fieldErrors[name] ? (
      <span id={`${name}-error`} className="field-error">
        {fieldErrors[name]}
      </span>
    ) : null;
  const describedBy = (name: string) => (fieldErrors[name] ? `${name}-error` : undefined);

  if (step === 'code') {
    return (
      <form className="card signin" onSubmit={submitCode} noValidate>
        <h1 ref={heading} tabIndex={-1}>
          Confirmez votre adresse
        </h1>
        {notice ? (
          <p role="status">{notice}</p>
        ) : (
          <p className="muted">Saisissez le code à 6 chiffres reçu par e-mail à {email || 'votre adresse'}.</p>
        )}
        {!email && (
          <>
            <label htmlFor="email">Adresse e-mail</label>
            <input id="email" name="email" type="email" autoComplete="email" required onChange={(e) => setEmail(e.target.value.trim())} />
          </>
        )}
        <label htmlFor="code">Code de confirmation</label>
        <input id="code" name="code" className="code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Vérification…' : 'Confirmer et me connecter'}
        </button>
        <div className="account-links">
          <button type="button" className="link-button" onClick={resend} disabled={busy || !email}>
            Renvoyer le code
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setStep('details');
              setNotice(undefined);
              setError(undefined);
            }}
          >
            Changer d’adresse
          </button>
        </div>
        <p className="muted">
          Vous avez déjà un compte ? <a href="/signin/">Connectez-vous</a> ou <a href="/signin/forgot/">réinitialisez votre mot de passe</a>.
        </p>
      </form>
    );
  }

  return (
    <form
      className="card signin"
      onSubmit={submitDetails}
      noValidate
      onChange={(event) => {
        // A field's message goes as soon as the person changes that field.
        const name = (event.target as HTMLInputElement).name;
        if (fieldErrors[name]) setFieldErrors(({ [name]: _, ...rest }) => rest);
      }}
    >
      <h1 ref={heading} tabIndex={-1}>
        Créer un compte
      </h1>
      <p className="muted">Pour demander et suivre vos rendez-vous.</p>
      <label htmlFor="givenName">Prénom</label>
      <input id="givenName" name="givenName" autoComplete="given-name" maxLength={100} required aria-invalid={!!fieldErrors.givenName} aria-describedby={describedBy('givenName')} />
      {fieldError('givenName')}
      <label htmlFor="familyName">Nom</label>
      <input id="familyName" name="familyName" autoComplete="family-name" maxLength={100} required aria-invalid={!!fieldErrors.familyName} aria-describedby={describedBy('familyName')} />
      {fieldError('familyName')}
      <label htmlFor="email">Adresse e-mail</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        maxLength={254}
        required
        defaultValue={email}
        aria-invalid={!!fieldErrors.email}
        aria-describedby={describedBy('email')}
      />
      {fieldError('email')}
      <NewPasswordField id="password" label="Mot de passe" value={password} onChange={setPassword} />
      {fieldError('password')}
      <label htmlFor="phone">
        Téléphone <span className="muted">(facultatif)</span>
      </label>
      <input
        id="phone"
        name="phone"
        type="tel"
        autoComplete="tel"
        maxLength={25}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        aria-invalid={!!fieldErrors.phone}
        aria-describedby={describedBy('phone')}
      />
      {fieldError('phone')}
      <div className="checkbox-line">
        <input id="privacy" name="privacy" type="checkbox" aria-invalid={!!fieldErrors.privacy} aria-describedby={describedBy('privacy')} />
        <label htmlFor="privacy">
          J’accepte que mes données (nom, e-mail, téléphone, rendez-vous) soient utilisées pour gérer mes rendez-vous, comme le décrit la{' '}
          <a href="/privacy/" target="_blank" rel="noopener">
            politique de confidentialité
          </a>
          .
        </label>
      </div>
      {fieldError('privacy')}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Création…' : 'Créer mon compte'}
      </button>
      <p className="muted">
        Déjà inscrit ? <a href="/signin/">Se connecter</a>
      </p>
    </form>
  );
}
