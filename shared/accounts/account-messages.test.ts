import { describe, expect, it } from 'vitest';
import { accountMessageKind, renderAccountMessage, type AccountMessageKind } from './account-messages.ts';
import { passwordShortfalls } from './password-policy.ts';

const render = (kind: AccountMessageKind, locale: 'fr' | 'en' = 'fr', siteUrl: string | null = 'https://rdv.example') =>
  renderAccountMessage({ kind, locale, siteUrl: siteUrl ?? undefined, email: 'a+b@exemple.fr', codeParameter: '{####}', usernameParameter: '{username}' });

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('the account e-mails the user pool sends', () => {
  it('maps each CustomMessage trigger source to its message, and leaves unknown ones to Cognito', () => {
    expect(accountMessageKind('CustomMessage_SignUp')).toBe('signUp');
    expect(accountMessageKind('CustomMessage_ResendCode')).toBe('signUp');
    expect(accountMessageKind('CustomMessage_ForgotPassword')).toBe('forgotPassword');
    expect(accountMessageKind('CustomMessage_AdminCreateUser')).toBe('invitation');
    expect(accountMessageKind('CustomMessage_UpdateUserAttribute')).toBe('verifyEmail');
    expect(accountMessageKind('CustomMessage_VerifyUserAttribute')).toBe('verifyEmail');
    expect(accountMessageKind('CustomMessage_Something')).toBeUndefined();
  });

  it('carries the code placeholder exactly once (Cognito replaces it), in French or English', () => {
    for (const kind of ['signUp', 'forgotPassword', 'invitation', 'verifyEmail', 'signInCode'] as const) {
      for (const locale of ['fr', 'en'] as const) {
        const message = render(kind, locale);
        expect(occurrences(message.html, '{####}'), `${kind} ${locale}`).toBe(1);
        expect(message.html).toContain(`<html lang="${locale}">`);
      }
    }
    expect(render('signUp', 'fr').subject).toBe('Votre code de confirmation');
    expect(render('signUp', 'en').subject).toBe('Your confirmation code');
  });

  it('an invitation names the e-mail to sign in with and carries the user name placeholder Cognito requires', () => {
    const { html } = render('invitation');
    expect(html).toContain('a+b@exemple.fr');
    expect(occurrences(html, '{username}')).toBe(1);
    expect(html).toContain('href="https://rdv.example/signin/"');
  });

  it('links the sign-up and reset codes to their page with the address filled in, and has no button without a site URL', () => {
    expect(render('signUp').html).toContain('href="https://rdv.example/signup/?email=a%2Bb%40exemple.fr"');
    expect(render('forgotPassword').html).toContain('href="https://rdv.example/signin/forgot/?email=a%2Bb%40exemple.fr"');
    expect(render('signUp', 'fr', null).html).not.toContain('<a ');
  });
});

describe('the password policy the site explains before a person submits', () => {
  it('names every rule a password breaks, as Cognito counts them', () => {
    expect(passwordShortfalls('')).toEqual(['length', 'lowercase', 'uppercase', 'digit', 'symbol']);
    expect(passwordShortfalls('Radium-1898!')).toEqual([]);
    expect(passwordShortfalls('Radium18980')).toEqual(['symbol']);
    // A space inside counts as a special character; at either end Cognito refuses it.
    expect(passwordShortfalls('Radium 18980')).toEqual([]);
    expect(passwordShortfalls(' Radium-18980')).toEqual(['edgeSpace']);
    expect(passwordShortfalls('RADIUM-18980')).toEqual(['lowercase']);
  });
});
