/**
 * The pages a person meets on a local sandbox provider under `npm start`: where the real provider
 * would show its sign-in and consent screen (Google, Microsoft) or its checkout (Lago's payment
 * provider). Each says plainly that it is a local stand-in, in French and English (the product's
 * two audiences), and works at phone width and by keyboard.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px #0002; }
  .sandbox { display: inline-block; padding: .2rem .6rem; border-radius: 999px; background: #fef3c7; color: #78350f; font-weight: 600; font-size: .875rem; }
  h1 { font-size: 1.35rem; margin: .75rem 0; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; padding: .6rem; margin-top: .25rem; border: 1px solid #9ca3af; border-radius: 8px; }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; min-height: 44px; padding: .5rem 1.1rem; border-radius: 8px; border: 1px solid #1e3a5f; background: #1e3a5f; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1e3a5f; }
  button:focus-visible, input:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
  .muted { color: #4b5563; font-size: .925rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
  dt { color: #4b5563; }
  dd { margin: 0; font-weight: 600; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

const hiddenFields = (query: URLSearchParams, skip: string[]) =>
  [...query.entries()]
    .filter(([name]) => !skip.includes(name))
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');

/** The query parameters the consent page adds to the authorization request it repeats. */
export const SANDBOX_ACCOUNT = 'sandbox_account';
export const SANDBOX_DECISION = 'sandbox_decision';

/** What the person chose on the consent page: nothing yet, a refusal, or the account to sign in as. */
export function consentDecision(query: URLSearchParams): undefined | 'deny' | string {
  const decision = query.get(SANDBOX_DECISION);
  if (decision === 'deny') return 'deny';
  if (decision !== 'allow') return undefined;
  const account = (query.get(SANDBOX_ACCOUNT) ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(account) ? account : undefined;
}

/**
 * The sandbox's sign-in and consent screen: the same authorization request again, with the
 * account typed here and the choice (Allow / Cancel), so the provider answers it as it would
 * after a real consent.
 */
export function consentPage(options: { provider: string; action: string; query: URLSearchParams; suggestedAccount: string; invalidAccount?: boolean }): string {
  const { provider, query } = options;
  const account = query.get(SANDBOX_ACCOUNT) ?? query.get('login_hint') ?? options.suggestedAccount;
  return page(
    `${provider} — bac à sable local`,
    `<span class="sandbox">Bac à sable local · Local sandbox</span>
<h1>Connecter votre calendrier ${escapeHtml(provider)}</h1>
<p class="muted">Ceci n’est pas ${escapeHtml(provider)} : un faux compte de démonstration, lancé par <code>npm start</code> parce qu’aucun identifiant réel n’est configuré. Aucune donnée ne quitte cette machine.</p>
<p class="muted" lang="en">This is not ${escapeHtml(provider)}: a demo stand-in started by <code>npm start</code> because no real credentials are configured.</p>
<form method="get" action="${escapeHtml(options.action)}">
${hiddenFields(query, [SANDBOX_ACCOUNT, SANDBOX_DECISION])}
<label for="account">Compte de démonstration (e-mail)</label>
<input id="account" name="${SANDBOX_ACCOUNT}" type="email" required value="${escapeHtml(account)}" autocomplete="off"${options.invalidAccount ? ' aria-invalid="true" aria-describedby="account-error"' : ''}>
${options.invalidAccount ? '<p id="account-error" role="alert">Saisissez une adresse e-mail, par exemple demo@example.com.</p>' : ''}
<p class="muted">L’application demande à lire et modifier les événements de ce calendrier.</p>
<div class="actions">
<button type="submit" name="${SANDBOX_DECISION}" value="allow">Autoriser</button>
<button type="submit" name="${SANDBOX_DECISION}" value="deny" class="secondary" formnovalidate>Refuser</button>
</div>
</form>`,
  );
}

/** The sandbox checkout of one invoice: pay it, or see what a declined card does. */
export function checkoutPage(options: { action: string; number: string; amount: string; status: string }): string {
  const paid = options.status === 'succeeded';
  return page(
    `Paiement ${options.number} — bac à sable local`,
    `<span class="sandbox">Bac à sable local · Local sandbox</span>
<h1>Payer la facture ${escapeHtml(options.number)}</h1>
<p class="muted">Aucun argent ne circule : cette page remplace le prestataire de paiement de Lago sur cette machine. Elle envoie à l’application le webhook signé que Lago enverrait.</p>
<p class="muted" lang="en">No money moves: this page stands in for Lago's payment provider and sends the signed webhook Lago would.</p>
<dl><dt>Montant</dt><dd>${escapeHtml(options.amount)}</dd><dt>État</dt><dd>${paid ? 'Payée' : options.status === 'failed' ? 'Paiement refusé' : 'À payer'}</dd></dl>
${
  paid
    ? '<p>Cette facture est déjà payée.</p>'
    : `<form method="post" action="${escapeHtml(options.action)}">
<div class="actions">
<button type="submit" name="outcome" value="succeeded">Payer ${escapeHtml(options.amount)}</button>
<button type="submit" name="outcome" value="failed" class="secondary">Simuler un refus de carte</button>
</div>
</form>`
}`,
  );
}
