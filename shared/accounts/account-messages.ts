import type { Locale } from '../domain/vocabulary.ts';

/**
 * The e-mails the user pool sends about an account (sign-up code, password reset, invitation, new
 * e-mail address), in French or English. Cognito asks for them through its CustomMessage trigger
 * with placeholders (`{####}` for the code or temporary password, `{username}`) and puts the values
 * in itself: the code never passes through our function. Pure: the trigger handler and the local
 * pool both render with this.
 */
export type AccountMessageKind = 'signUp' | 'forgotPassword' | 'invitation' | 'verifyEmail' | 'signInCode';

const KIND_OF_TRIGGER: Record<string, AccountMessageKind> = {
  CustomMessage_SignUp: 'signUp',
  CustomMessage_ResendCode: 'signUp',
  CustomMessage_ForgotPassword: 'forgotPassword',
  CustomMessage_AdminCreateUser: 'invitation',
  CustomMessage_UpdateUserAttribute: 'verifyEmail',
  CustomMessage_VerifyUserAttribute: 'verifyEmail',
  CustomMessage_Authentication: 'signInCode',
};

/** The message a CustomMessage trigger source asks for; undefined for one we leave to Cognito's default. */
export const accountMessageKind = (triggerSource: string): AccountMessageKind | undefined => KIND_OF_TRIGGER[triggerSource];

export interface AccountMessageInput {
  kind: AccountMessageKind;
  locale: Locale;
  /** The site's origin; without it the message carries the code and no button. */
  siteUrl?: string;
  /** The address the message goes to (to pre-fill the page the link opens). */
  email: string;
  /** What Cognito replaces with the code or the temporary password. */
  codeParameter: string;
  /** What Cognito replaces with the pool's user name (an invitation must carry it). */
  usernameParameter: string;
}

interface Words {
  subject: string;
  lead: string;
  codeLabel: string;
  action: string;
  /** Where the button leads, from the site's root. */
  path: string;
  after: string;
}

const WORDS: Record<Locale, Record<AccountMessageKind, Words>> = {
  fr: {
    signUp: {
      subject: 'Votre code de confirmation',
      lead: 'Pour terminer la création de votre compte, saisissez ce code sur la page d’inscription :',
      codeLabel: 'Code de confirmation',
      action: 'Confirmer mon adresse',
      path: '/signup/',
      after: 'Ce code est valable 24 heures. Si vous n’avez pas demandé de compte, ignorez ce message.',
    },
    forgotPassword: {
      subject: 'Réinitialisation de votre mot de passe',
      lead: 'Pour choisir un nouveau mot de passe, saisissez ce code sur la page de réinitialisation :',
      codeLabel: 'Code de réinitialisation',
      action: 'Choisir un nouveau mot de passe',
      path: '/signin/forgot/',
      after: 'Ce code est valable 1 heure. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
    },
    invitation: {
      subject: 'Votre invitation',
      lead: 'Un compte a été créé pour vous. Connectez-vous avec ces identifiants, puis choisissez votre mot de passe :',
      codeLabel: 'Mot de passe temporaire',
      action: 'Me connecter',
      path: '/signin/',
      after: 'Le mot de passe temporaire est valable 7 jours.',
    },
    verifyEmail: {
      subject: 'Confirmez votre nouvelle adresse e-mail',
      lead: 'Pour utiliser cette adresse, saisissez ce code sur votre page de profil :',
      codeLabel: 'Code de confirmation',
      action: 'Ouvrir mon profil',
      path: '/dashboard/profile/',
      after: 'Tant que cette adresse n’est pas confirmée, vous vous connectez et recevez nos messages à l’ancienne.',
    },
    signInCode: {
      subject: 'Votre code de connexion',
      lead: 'Pour terminer votre connexion, saisissez ce code :',
      codeLabel: 'Code',
      action: 'Ouvrir le site',
      path: '/signin/',
      after: 'Si vous n’essayez pas de vous connecter, changez votre mot de passe.',
    },
  },
  en: {
    signUp: {
      subject: 'Your confirmation code',
      lead: 'To finish creating your account, enter this code on the sign-up page:',
      codeLabel: 'Confirmation code',
      action: 'Confirm my address',
      path: '/signup/',
      after: 'This code is valid for 24 hours. If you did not ask for an account, ignore this message.',
    },
    forgotPassword: {
      subject: 'Reset your password',
      lead: 'To choose a new password, enter this code on the reset page:',
      codeLabel: 'Reset code',
      action: 'Choose a new password',
      path: '/signin/forgot/',
      after: 'This code is valid for 1 hour. If you did not ask for it, ignore this message: your password stays as it is.',
    },
    invitation: {
      subject: 'Your invitation',
      lead: 'An account was created for you. Sign in with these details, then choose your own password:',
      codeLabel: 'Temporary password',
      action: 'Sign in',
      path: '/signin/',
      after: 'The temporary password is valid for 7 days.',
    },
    verifyEmail: {
      subject: 'Confirm your new email address',
      lead: 'To use this address, enter this code on your profile page:',
      codeLabel: 'Confirmation code',
      action: 'Open my profile',
      path: '/dashboard/profile/',
      after: 'Until this address is confirmed, you sign in and receive our messages at the previous one.',
    },
    signInCode: {
      subject: 'Your sign-in code',
      lead: 'To finish signing in, enter this code:',
      codeLabel: 'Code',
      action: 'Open the site',
      path: '/signin/',
      after: 'If you are not trying to sign in, change your password.',
    },
  },
};

const SIGN_IN_NAME: Record<Locale, string> = { fr: 'Identifiant', en: 'Sign-in name' };
/** Cognito wants the user name placeholder in an invitation: it is shown as the account's reference. */
const ACCOUNT_REFERENCE: Record<Locale, string> = { fr: 'Référence du compte : ', en: 'Account reference: ' };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Subject and HTML body with the placeholders in them, each exactly once (Cognito wants the code
 * placeholder in the message, and the invitation's user name placeholder too).
 */
export function renderAccountMessage(input: AccountMessageInput): { subject: string; html: string } {
  const words = WORDS[input.locale][input.kind];
  const link = input.siteUrl ? new URL(words.path, input.siteUrl) : undefined;
  if (link && (input.kind === 'signUp' || input.kind === 'forgotPassword')) link.searchParams.set('email', input.email);
  // Values are HTML already: Cognito's placeholders (it puts the code in after us) or escaped text.
  const rows: Array<[string, string]> = [];
  // People sign in with their e-mail; the pool's user name (an id) is only a reference.
  if (input.kind === 'invitation') rows.push([SIGN_IN_NAME[input.locale], escapeHtml(input.email)]);
  rows.push([words.codeLabel, input.codeParameter]);
  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(words.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2937">
<p>${escapeHtml(words.lead)}</p>
<table role="presentation" style="border-collapse:collapse">
${rows
  .map(
    ([label, value]) =>
      `<tr><th align="left" style="${cell};color:#6b7280;font-weight:normal">${escapeHtml(label)}</th><td style="${cell};font-size:20px;font-weight:bold;letter-spacing:2px">${value}</td></tr>`,
  )
  .join('\n')}
</table>
${link ? `<p><a href="${escapeHtml(link.href)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(words.action)}</a></p>\n` : ''}<p style="color:#6b7280;font-size:12px">${escapeHtml(words.after)}</p>
${input.kind === 'invitation' ? `<p style="color:#6b7280;font-size:12px">${ACCOUNT_REFERENCE[input.locale]}${input.usernameParameter}</p>\n` : ''}
</body>
</html>
`;
  return { subject: words.subject, html };
}
