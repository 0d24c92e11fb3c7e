import { describe, expect, it } from 'vitest';
import { accountErrorMessage } from '../../site/src/lib/account-errors.ts';

describe("Cognito's refusals on the account pages", () => {
  it('are said in French, each with what to do, and a wrong password never tells whether the address exists', () => {
    expect(accountErrorMessage('ConfirmSignUp', 'CodeMismatchException')).toBe('Ce code est incorrect. Vérifiez-le ou demandez-en un nouveau.');
    expect(accountErrorMessage('ConfirmSignUp', 'ExpiredCodeException')).toBe('Ce code a expiré ou a déjà servi. Demandez-en un nouveau.');
    expect(accountErrorMessage('ForgotPassword', 'LimitExceededException')).toBe('Trop de tentatives. Patientez quelques minutes avant de réessayer.');
    expect(accountErrorMessage('SignUp', 'InvalidPasswordException')).toBe('Ce mot de passe ne respecte pas les règles indiquées.');
    const wrong = accountErrorMessage('InitiateAuth', 'NotAuthorizedException', 'Incorrect username or password.');
    expect(accountErrorMessage('InitiateAuth', 'UserNotFoundException')).toBe(wrong);
    expect(accountErrorMessage('InitiateAuth', 'InvalidPasswordException')).toBe(wrong);
    expect(accountErrorMessage('InitiateAuth', 'NotAuthorizedException', 'User is disabled.')).toBe('Ce compte est désactivé. Contactez l’équipe pour le réactiver.');
    expect(accountErrorMessage('ChangePassword', 'NotAuthorizedException', 'Incorrect username or password.')).toBe('Le mot de passe actuel est incorrect.');
    expect(accountErrorMessage('ResendConfirmationCode', 'InvalidParameterException', 'User is already confirmed.')).toBe('Ce compte est déjà confirmé : connectez-vous.');
    // Anything else: French, never the service's English.
    expect(accountErrorMessage('SignUp', 'InternalErrorException', 'Something broke')).toBe('Une erreur est survenue. Réessayez dans un instant.');
  });
});
