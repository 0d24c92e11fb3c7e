/** Client-facing text is French (as in the seed); English follows through the same keys. */
const fr = {
  'nav.overview': 'Vue d’ensemble',
  'nav.calendar': 'Calendrier',
  'nav.appointments': 'Rendez-vous',
  'nav.support': 'Support',
  'nav.profile': 'Profil',
  'nav.soon': 'bientôt',
  'shell.signOut': 'Se déconnecter',
  'shell.loading': 'Chargement…',
  'shell.loadError': 'Impossible de charger la page.',
  'shell.retry': 'Réessayer',
  'signin.title': 'Connexion',
  'signin.subtitle': 'Accédez à vos rendez-vous.',
  'signin.email': 'Adresse e-mail',
  'signin.password': 'Mot de passe',
  'signin.submit': 'Se connecter',
  'signin.submitting': 'Connexion…',
  'signin.missing': 'Saisissez votre e-mail et votre mot de passe.',
  'overview.greeting': 'Bonjour',
  'overview.intro': 'Retrouvez ici vos rendez-vous et vos demandes en cours.',
  'profile.title': 'Mon profil',
  'profile.email': 'E-mail',
  'profile.name': 'Nom',
  'profile.phone': 'Téléphone',
  'profile.timezone': 'Fuseau horaire',
  'profile.language': 'Langue',
  'profile.role': 'Rôle',
  'role.client': 'Client',
  'role.admin': 'Administrateur',
  'admin.forbiddenTitle': 'Accès réservé',
  'admin.forbidden': 'Cette page est réservée aux administrateurs.',
  'admin.backToDashboard': 'Retour à mon espace',
  'notFound.title': 'Page introuvable',
  'notFound.back': 'Retour à l’accueil',
} as const;

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  'nav.overview': 'Overview',
  'nav.calendar': 'Calendar',
  'nav.appointments': 'Appointments',
  'nav.support': 'Support',
  'nav.profile': 'Profile',
  'nav.soon': 'soon',
  'shell.signOut': 'Sign out',
  'shell.loading': 'Loading…',
  'shell.loadError': 'The page could not be loaded.',
  'shell.retry': 'Retry',
  'signin.title': 'Sign in',
  'signin.subtitle': 'Reach your appointments.',
  'signin.email': 'Email address',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.submitting': 'Signing in…',
  'signin.missing': 'Enter your email and password.',
  'overview.greeting': 'Hello',
  'overview.intro': 'Your appointments and open requests live here.',
  'profile.title': 'My profile',
  'profile.email': 'Email',
  'profile.name': 'Name',
  'profile.phone': 'Phone',
  'profile.timezone': 'Time zone',
  'profile.language': 'Language',
  'profile.role': 'Role',
  'role.client': 'Client',
  'role.admin': 'Administrator',
  'admin.forbiddenTitle': 'Restricted',
  'admin.forbidden': 'This page is for administrators.',
  'admin.backToDashboard': 'Back to my space',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to the start',
};

const dictionaries = { fr, en } as const;
export type Language = keyof typeof dictionaries;

export function translator(language: Language = 'fr') {
  const dictionary = dictionaries[language];
  return (key: MessageKey) => dictionary[key];
}
