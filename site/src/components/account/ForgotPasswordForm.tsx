import { useEffect, useRef, useState, type FormEvent } from 'react';
import { enterSite, queryParameter } from '../../lib/enter-site.ts';
import { confirmForgotPassword, forgotPassword, signIn } from '../../lib/session.ts';
import { NewPasswordField, passwordProblem } from './PasswordField.tsx';
import { CODE_FORMAT, EMAIL, codeFrom, failureMessage } from './account-form.ts';


/**
 * Forgotten password: the address, then the e-mailed code with the new password, then signed in.
 * Every answer reads the same whether or not the address has an account.
 */
export function ForgotPasswordForm() {
  const [step, setStep] = useState<'email' | 'reset'>('email');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const fromLink = queryParameter('email');
    if (fromLink) setEmail(fromLink);
    // The e-mail's button: the code is in the person's hands already.
    if (fromLink && queryParameter('step') !== 'email') setStep('reset');
  }, []);
  useEffect(() => heading.current?.focus(), [step]);

  async function sendCode(address: string) {
    setBusy(true);
    setError(undefined);
    try {
      await forgotPassword(address);
      setEmail(address);
      setNotice(`Si un compte existe pour ${address}, un code de réinitialisation vient d’y être envoyé. Il est valable 1 heure.`);
      setStep('reset');
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function submitEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    if (!EMAIL.test(address)) {
      setError('Saisissez une adresse e-mail valide, par exemple marie@exemple.fr.');
      return;
    }
    await sendCode(address);
  }

  async function submitReset(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = codeFrom(event.currentTarget, 'code');
    if (!code) {
      setError(CODE_FORMAT);
      return;
    }
    const weak = passwordProblem(password);
    if (weak) {
      setError(weak);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await confirmForgotPassword(email, code, password);
      const outcome = await signIn(email, password);
      if (outcome.step !== 'done') {
        window.location.assign(`/signin/?email=${encodeURIComponent(email)}`);
        return;
      }
      await enterSite();
    } catch (e) {
      setError(failureMessage(e));
      setBusy(false);
    }
  }

  const errorLine = error && (
    <p className="form-error" role="alert">
      {error}
    </p>
  );

  if (step === 'reset') {
    return (
      <form className="card signin" onSubmit={submitReset} noValidate>
        <h1 ref={heading} tabIndex={-1}>
          Nouveau mot de passe
        </h1>
        {notice ? <p role="status">{notice}</p> : <p className="muted">Saisissez le code reçu par e-mail à {email} et choisissez un nouveau mot de passe.</p>}
        <label htmlFor="code">Code de réinitialisation</label>
        <input id="code" name="code" className="code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required />
        <NewPasswordField id="password" label="Nouveau mot de passe" value={password} onChange={setPassword} />
        {errorLine}
        <button type="submit" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer et me connecter'}
        </button>
        <div className="account-links">
          <button type="button" className="link-button" onClick={() => void sendCode(email)} disabled={busy}>
            Renvoyer un code
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setStep('email');
              setNotice(undefined);
              setError(undefined);
            }}
          >
            Changer d’adresse
          </button>
        </div>
      </form>
    );
  }

  return (
    <form className="card signin" onSubmit={submitEmail} noValidate>
      <h1 ref={heading} tabIndex={-1}>
        Mot de passe oublié
      </h1>
      <p className="muted">Indiquez l’adresse de votre compte : nous vous enverrons un code pour choisir un nouveau mot de passe.</p>
      <label htmlFor="email">Adresse e-mail</label>
      <input id="email" name="email" type="email" autoComplete="username" maxLength={254} required defaultValue={email} key={email} />
      {errorLine}
      <button type="submit" disabled={busy}>
        {busy ? 'Envoi…' : 'Recevoir un code'}
      </button>
      <p className="muted">
        <a href="/signin/">Retour à la connexion</a>
      </p>
    </form>
  );
}
