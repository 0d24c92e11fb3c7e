import { useState, type FormEvent } from 'react';
import { api, type Me } from '../../lib/api.ts';
import { changePassword, idToken, requestEmailChange, verifyNewEmail } from '../../lib/session.ts';
import { NewPasswordField, passwordProblem } from './PasswordField.tsx';
import { CODE_FORMAT, EMAIL, codeFrom, failureMessage } from './account-form.ts';
import { FormFooter } from '../ui/FormFooter.tsx';


/** The profile page's sign-in settings: the password, and the e-mail address (which changes once its code is entered). */
export function AccountSecurity({ me, onEmailChanged }: { me: Me; onEmailChanged: (me: Me) => void }) {
  return (
    <section className="card security" aria-labelledby="security-title">
      <h2 id="security-title">Connexion et sécurité</h2>
      <PasswordChange />
      <EmailChange me={me} onEmailChanged={onEmailChanged} />
    </section>
  );
}

function PasswordChange() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const current = String(new FormData(event.currentTarget).get('current-password') ?? '');
    if (!current) return setError('Saisissez votre mot de passe actuel.');
    const weak = passwordProblem(password);
    if (weak) return setError(weak);
    setBusy(true);
    setError(undefined);
    try {
      await changePassword(current, password);
      setOpen(false);
      setPassword('');
      setDone('Mot de passe modifié. Utilisez-le à votre prochaine connexion.');
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <div className="security-line">
        <span>Mot de passe</span>
        {done && <span role="status">{done}</span>}
        <button type="button" className="secondary" onClick={() => { setOpen(true); setDone(undefined); }}>
          Changer le mot de passe
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Changer le mot de passe" className="security-form">
      <label htmlFor="current-password">Mot de passe actuel</label>
      <input id="current-password" name="current-password" type="password" autoComplete="current-password" required autoFocus />
      <NewPasswordField id="new-password" label="Nouveau mot de passe" value={password} onChange={setPassword} />
      <FormFooter error={error} busy={busy} cancelLabel="Annuler" onCancel={() => { setOpen(false); setError(undefined); }} submitLabel="Enregistrer le mot de passe" busyLabel="Enregistrement…" />
    </form>
  );
}

function EmailChange({ me, onEmailChanged }: { me: Me; onEmailChanged: (me: Me) => void }) {
  const [step, setStep] = useState<'closed' | 'address' | 'code'>('closed');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submitAddress(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = String(new FormData(event.currentTarget).get('new-email') ?? '').trim().toLowerCase();
    if (!EMAIL.test(next)) return setError('Saisissez une adresse e-mail valide, par exemple marie@exemple.fr.');
    if (next === me.email) return setError('C’est déjà votre adresse.');
    setBusy(true);
    setError(undefined);
    try {
      await requestEmailChange(next);
      setAddress(next);
      setStep('code');
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = codeFrom(event.currentTarget, 'email-code');
    if (!code) return setError(CODE_FORMAT);
    setBusy(true);
    setError(undefined);
    try {
      await verifyNewEmail(code);
      // A new token carries the verified address; the profile takes it at the next call.
      await idToken({ force: true });
      onEmailChanged(await api<Me>('/me'));
      setStep('closed');
      setDone(`Votre adresse est maintenant ${address}.`);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const close = () => {
    setStep('closed');
    setError(undefined);
  };

  if (step === 'address') {
    return (
      <form onSubmit={submitAddress} noValidate aria-label="Changer d’adresse e-mail" className="security-form">
        <label htmlFor="new-email">Nouvelle adresse e-mail</label>
        <input id="new-email" name="new-email" type="email" autoComplete="email" maxLength={254} required autoFocus />
        <p className="muted">Nous y enverrons un code. Jusqu’à ce que vous le saisissiez, vous gardez {me.email} pour vous connecter et recevoir nos messages.</p>
        <FormFooter error={error} busy={busy} cancelLabel="Annuler" onCancel={close} submitLabel="Recevoir un code" busyLabel="Envoi…" />
      </form>
    );
  }
  if (step === 'code') {
    return (
      <form onSubmit={submitCode} noValidate aria-label="Confirmer la nouvelle adresse" className="security-form">
        <p role="status">Un code a été envoyé à {address}.</p>
        <label htmlFor="email-code">Code de confirmation</label>
        <input id="email-code" name="email-code" className="code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required autoFocus />
        <FormFooter error={error} busy={busy} cancelLabel="Annuler" onCancel={close} submitLabel="Confirmer la nouvelle adresse" busyLabel="Vérification…" />
      </form>
    );
  }
  return (
    <div className="security-line">
      <span>
        Adresse e-mail : <strong>{me.email}</strong>
      </span>
      {done && <span role="status">{done}</span>}
      <button type="button" className="secondary" onClick={() => { setStep('address'); setDone(undefined); }}>
        Changer d’adresse
      </button>
    </div>
  );
}
