import { SignInError } from '../../lib/session.ts';

/** What the account forms share: the address check, the e-mailed code, and what a failure says. */

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const CODE_FORMAT = 'Le code comporte 6 chiffres : recopiez-le depuis l’e-mail reçu.';

/** The 6-digit code typed in field `name` (spaces ignored); undefined when it is not 6 digits. */
export function codeFrom(form: HTMLFormElement, name: string): string | undefined {
  const code = String(new FormData(form).get(name) ?? '').replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/** Cognito's refusal in French (SignInError), or a general French message for anything else. */
export const failureMessage = (error: unknown) => (error instanceof SignInError ? error.message : 'Une erreur est survenue. Réessayez dans un instant.');
