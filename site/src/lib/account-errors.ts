/** Cognito's refusals as a person reads them on the (French) account pages: never Cognito's English text. */

const TOO_MANY = 'Trop de tentatives. Patientez quelques minutes avant de réessayer.';

/** What a person reads for a refusal of Cognito's `action` (InitiateAuth, ChangePassword…) of `type`. */
export function accountErrorMessage(action: string, type: string, cognitoMessage = ''): string {
  if (/LimitExceeded|TooManyRequests|TooManyFailedAttempts/.test(type)) return TOO_MANY;
  if (type === 'CodeMismatchException') return 'Ce code est incorrect. Vérifiez-le ou demandez-en un nouveau.';
  if (type === 'ExpiredCodeException') return 'Ce code a expiré ou a déjà servi. Demandez-en un nouveau.';
  if (type === 'InvalidPasswordException' && action === 'InitiateAuth') return 'E-mail ou mot de passe incorrect.';
  if (type === 'InvalidPasswordException') return 'Ce mot de passe ne respecte pas les règles indiquées.';
  if (type === 'AliasExistsException') return 'Cette adresse ne peut pas être utilisée. Choisissez-en une autre.';
  if (type === 'NotAuthorizedException') {
    if (/disabled/i.test(cognitoMessage)) return 'Ce compte est désactivé. Contactez l’équipe pour le réactiver.';
    if (/temporary password has expired/i.test(cognitoMessage)) return 'Votre mot de passe temporaire a expiré : demandez une nouvelle invitation à l’équipe.';
    if (action === 'ChangePassword') return 'Le mot de passe actuel est incorrect.';
    if (action === 'RespondToAuthChallenge') return 'La session de connexion a expiré. Reconnectez-vous avec votre mot de passe temporaire.';
    if (action === 'InitiateAuth') return 'E-mail ou mot de passe incorrect.';
    return 'Cette opération n’est pas autorisée. Reconnectez-vous puis réessayez.';
  }
  if (type === 'UserNotFoundException') return 'E-mail ou mot de passe incorrect.';
  if (type === 'InvalidParameterException' && /already confirmed/i.test(cognitoMessage)) return 'Ce compte est déjà confirmé : connectez-vous.';
  if (type === 'InvalidParameterException') return 'Vérifiez les informations saisies.';
  if (type === 'PasswordResetRequiredException') return 'Vous devez choisir un nouveau mot de passe : utilisez « Mot de passe oublié ».';
  return 'Une erreur est survenue. Réessayez dans un instant.';
}

