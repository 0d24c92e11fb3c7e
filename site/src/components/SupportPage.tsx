import { useState, type FormEvent } from 'react';
import { api, describeApiError } from '../lib/api.ts';
import { translator } from '../lib/i18n.ts';
import { AppShell } from './AppShell.tsx';

const t = translator('fr');

const CATEGORIES: Array<[string, string]> = [
  ['general', 'Question générale'],
  ['billing', 'Facturation / Paiement'],
  ['appointments', 'Rendez-vous'],
  ['technical', 'Problème technique'],
  ['account', 'Mon compte'],
  ['other', 'Autre'],
];

const FAQ: Array<[string, string]> = [
  ['Comment demander un rendez-vous ?', 'Ouvrez « Rendez-vous » puis « Nouveau », ou cliquez sur un créneau libre du calendrier. Votre demande est envoyée à l’équipe, qui la confirme.'],
  ['Comment confirmer un rendez-vous proposé par l’équipe ?', 'Les rendez-vous proposés apparaissent dans l’encadré jaune en haut de la page « Rendez-vous ». Cliquez sur « Confirmer ».'],
  ['Puis-je annuler un rendez-vous ?', 'Oui : ouvrez ses détails et choisissez « Annuler le rendez-vous ». Vous pouvez indiquer un motif.'],
  ['Dans quel fuseau horaire sont affichées les heures ?', 'Dans celui de votre appareil. Si le rendez-vous a été fixé dans un autre fuseau, ses heures dans ce fuseau sont indiquées entre parenthèses.'],
  ['Comment payer un rendez-vous payant ?', 'Ouvrez ses détails : le bouton « Payer » crée la facture et vous mène au paiement sécurisé.'],
  ['Comment supprimer mes données ?', 'Vous pouvez exporter ou effacer vos données depuis votre profil, conformément au RGPD.'],
];

const TIPS = [
  'Proposez plusieurs créneaux dans votre note si vous êtes flexible.',
  'Vérifiez votre fuseau horaire avant d’envoyer une demande depuis l’étranger.',
  'Ajoutez un lien de visioconférence dans le lieu si le rendez-vous est à distance.',
];

export function SupportPage() {
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      await api('/support/tickets', {
        method: 'POST',
        body: JSON.stringify({ category: data.get('category'), subject: data.get('subject'), message: data.get('message') }),
      });
      form.reset();
      setSent('Votre message a bien été envoyé. Nous vous répondons par e-mail sous 24 h ouvrées.');
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AppShell area="client" active="/dashboard/support/" title={t('nav.support')}>
      {() => (
        <section className="support">
          <h1>Centre d’aide</h1>
          <div className="quick-actions">
            <a className="card quick" href="#faq">
              <strong>Documentation</strong>
              <span className="muted">Les réponses aux questions fréquentes</span>
            </a>
            <a className="card quick" href="#contact">
              <strong>Chat en direct</strong>
              <span className="muted">Écrivez-nous, l’équipe vous répond rapidement</span>
            </a>
            <a className="card quick" href="mailto:support@content-mania.com">
              <strong>E-mail</strong>
              <span className="muted">support@content-mania.com</span>
            </a>
          </div>
          <h2 id="faq">Questions fréquentes</h2>
          <div className="faq">
            {FAQ.map(([question, answer]) => (
              <details key={question}>
                <summary>{question}</summary>
                <p>{answer}</p>
              </details>
            ))}
          </div>
          <h2 id="contact">Nous contacter</h2>
          <form className="card form" onSubmit={submit}>
            <label htmlFor="category">Catégorie</label>
            <select id="category" name="category" defaultValue="general">
              {CATEGORIES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <label htmlFor="subject">Sujet</label>
            <input id="subject" name="subject" required minLength={3} maxLength={200} />
            <label htmlFor="message">Message</label>
            <textarea id="message" name="message" required minLength={10} maxLength={5000} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {sent && <p role="status" className="notice">{sent}</p>}
            <button type="submit" disabled={busy}>
              Envoyer
            </button>
          </form>
          <h2>Conseils</h2>
          <ul className="tips">
            {TIPS.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </section>
      )}
    </AppShell>
  );
}
