import { CHOOSE_A_TIME, NOT_PROPOSED, PROPOSAL_PASSED } from '../../../shared/domain/appointments/proposals.ts';
import { CONFIRM_REFUSED, NOT_STARTED, OVERRIDE_REFUSED } from '../../../shared/domain/appointments/rules.ts';
import { APPOINTMENT_NOT_FOUND, CHANGED_CONCURRENTLY, SERVICE_BUSY, SLOT_NOT_OFFERED, SLOT_TAKEN } from '../../../shared/errors.ts';
import { BOOKING_OVER, CONFIRMATION_NOT_SENT, HOLD_LAPSED, LINK_NOT_VALID, NOT_PUBLIC, TOO_MANY_HOLDS } from '../../../shared/public-booking/refusals.ts';

/**
 * API refusals as a person reads them, in the page's language (client pages French, admin pages
 * English). The API speaks to developers: English messages with field paths ("Invalid request:
 * body.startTime: must be in the future") and, for bad input, zod's wording. A French page never
 * shows that text: it shows a known refusal in French, a field's problem in French next to its
 * name, or a plain sentence for the status. An English page keeps the API's sentence without
 * the schema path and with zod's wording made plain.
 */

export type Language = 'fr' | 'en';

/** What the site needs of a failed call (lib/api.ts ApiError), kept structural so this stays pure. */
export interface Refusal {
  status: number;
  message: string;
  details?: unknown[];
}

interface Detail {
  path: string;
  message: string;
}

/** The API's own refusals a client can meet, in French. */
const KNOWN_FR: Array<[match: string | RegExp, french: (m: RegExpMatchArray) => string]> = [
  [SLOT_TAKEN, () => 'Ce créneau n’est plus disponible : choisissez-en un autre.'],
  [SLOT_NOT_OFFERED, () => 'Cet horaire n’est plus proposé : choisissez-en un autre.'],
  [CHANGED_CONCURRENTLY, () => 'Ce rendez-vous a été modifié entre-temps : rechargez la page puis recommencez.'],
  [SERVICE_BUSY, () => 'Le service est très sollicité : réessayez dans un instant.'],
  ['The schedule is busy right now; please try again', () => 'Le planning est très sollicité : réessayez dans un instant.'],
  [/^Changes are possible up to (\d+) hours before the start/, (m) => `Les changements sont possibles jusqu’à ${m[1]} heures avant le début : contactez l’équipe pour modifier ce rendez-vous.`],
  [CONFIRM_REFUSED, () => 'Seuls vos rendez-vous en attente peuvent être confirmés.'],
  ['This request is waiting for confirmation by the team', () => 'Cette demande attend la confirmation de l’équipe.'],
  ['You can only cancel your own pending or confirmed appointments', () => 'Seuls les rendez-vous en attente ou confirmés peuvent être annulés.'],
  ['Only pending or confirmed appointments can be moved', () => 'Seuls les rendez-vous en attente ou confirmés peuvent être déplacés.'],
  ['Only pending appointments can be edited', () => 'Seuls les rendez-vous en attente peuvent être modifiés.'],
  ['You can only delete your own pending requests', () => 'Seules vos demandes en attente peuvent être supprimées.'],
  [OVERRIDE_REFUSED, () => 'Seule l’équipe peut réserver en dehors des créneaux proposés.'],
  [NOT_STARTED, () => 'Ce rendez-vous n’a pas encore commencé.'],
  [/^You cannot change /, () => 'Ce changement n’est pas possible depuis votre espace : contactez l’équipe.'],
  [/^Only admins /, () => 'Seule l’équipe peut faire ce changement.'],
  [/^Cannot change status from /, () => 'Ce changement de statut n’est pas possible.'],
  [APPOINTMENT_NOT_FOUND, () => 'Ce rendez-vous est introuvable : il a peut-être été supprimé.'],
  ['This email address is already used by another profile', () => 'Cette adresse e-mail est déjà utilisée par un autre compte.'],
  ['The profile changed at the same time: try again', () => 'Votre profil a été modifié en même temps : réessayez.'],
  [/^Missing required fields/, () => 'Des champs obligatoires ne sont pas remplis.'],
  [/^You already have (\d+) requests waiting for the team/, (m) => `Vous avez déjà ${m[1]} demandes en attente de réponse : attendez celle de l’équipe, ou annulez-en une, avant d’en faire une nouvelle.`],
  // Public booking (no account): the links of its e-mails and its limits.
  [TOO_MANY_HOLDS, () => 'Trop de réservations attendent déjà une confirmation depuis cette adresse : confirmez-les depuis vos e-mails, ou réessayez dans une heure.'],
  [LINK_NOT_VALID, () => 'Ce lien n’est pas valide : ouvrez le plus récent de vos e-mails.'],
  [HOLD_LAPSED, () => 'Cette réservation n’a pas été confirmée à temps : le créneau ne vous est plus réservé. Réservez à nouveau.'],
  [BOOKING_OVER, () => 'Ce rendez-vous est passé : son lien ne fonctionne plus.'],
  [CONFIRMATION_NOT_SENT, () => 'L’e-mail de confirmation n’a pas pu être envoyé : réessayez dans un instant.'],
];

/** Field names as a French sentence starts with them ("Le début doit être dans le futur."). */
const FIELDS_FR: Record<string, string> = {
  title: 'Le titre',
  description: 'La description',
  startTime: 'Le début',
  endTime: 'La fin',
  startDate: 'La date de début',
  endDate: 'La date de fin',
  timezone: 'Le fuseau horaire',
  location: 'Le lieu',
  meetingUrl: 'Le lien de visioconférence',
  clientNote: 'Le message',
  cancellationReason: 'Le motif',
  firstName: 'Le prénom',
  lastName: 'Le nom',
  phone: 'Le téléphone',
  email: 'L’adresse e-mail',
  locale: 'La langue',
  subject: 'Le sujet',
  message: 'Le message',
  category: 'La catégorie',
  productId: 'La prestation',
  status: 'Le statut',
  name: 'Le nom',
  note: 'La note',
};

/** Field names as an English page calls them, where the camelCase name is not plain enough. */
const FIELDS_EN: Record<string, string> = {
  startTime: 'Start',
  endTime: 'End',
  startDate: 'From',
  endDate: 'To',
  meetingUrl: 'Meeting URL',
  clientEmail: 'Client email',
  clientNote: 'Client note',
  assignedAdminId: 'Assigned admin',
  attendeeEmail: 'Attendee email',
  attendeeName: 'Attendee name',
  attendeePhone: 'Attendee phone',
  cancellationReason: 'Reason',
  productId: 'Product',
  durationMinutes: 'Duration',
  maxAppointments: 'Capacity',
  dayOfWeek: 'Day',
  proposedTimes: 'Proposed times',
};

/** A field's problem as a French sentence end ("doit être dans le futur"), from the API's English. */
function frenchProblem(message: string): string {
  if (/must be in the future/.test(message)) return 'doit être dans le futur';
  if (message === NOT_PUBLIC) return 'n’est plus proposée en ligne';
  if (/must not be empty/.test(message)) return 'est obligatoire';
  const notice = /must be at least (\d+) (minutes|hours?) from now/.exec(message);
  if (notice) return `doit laisser au moins ${notice[1]} ${notice[2] === 'minutes' ? 'minutes' : notice[1] === '1' ? 'heure' : 'heures'} de préavis`;
  const horizon = /must be within (\d+) days from now/.exec(message);
  if (horizon) return `doit être dans les ${horizon[1]} prochains jours`;
  if (/must be after/.test(message)) return 'doit être après le début';
  if (/at most 24 hours/.test(message)) return 'ne peut pas dépasser 24 heures';
  if (/received undefined|is required|required/i.test(message)) return 'est obligatoire';
  if (/too (big|long)|at most \d+ char|<=\s*\d+ char/i.test(message)) return 'est trop long';
  if (/too small|at least/i.test(message)) return 'est trop court';
  if (/email/i.test(message)) return 'n’est pas une adresse e-mail valide';
  if (/url|https?:/i.test(message)) return 'doit être une adresse web (https://…)';
  if (/phone/i.test(message)) return 'n’est pas un numéro de téléphone valide';
  if (/date|datetime|instant|ISO/i.test(message)) return 'n’est pas une date valide';
  if (/time ?zone/i.test(message)) return 'n’est pas un fuseau horaire valide';
  if (/expected number|number/i.test(message)) return 'doit être un nombre';
  if (NOT_PROPOSED === message) return 'doit être l’un des horaires proposés';
  return 'n’est pas valide';
}

/** zod's library wording made plain for an English page. */
function plainEnglish(message: string): string {
  if (/expected number, received (null|undefined|nan)/i.test(message)) return 'enter a number';
  if (/expected number/i.test(message)) return 'must be a number';
  if (/received undefined/i.test(message)) return 'is required';
  return message.replace(/^Invalid input: /i, '').replace(/^Invalid option: expected one of .*$/i, 'is not one of the choices');
}

const fieldName = (path: string) => {
  const parts = path.replace(/^(body|query|params)\.?/, '').split('.').filter((part) => !/^\d+$/.test(part));
  return parts.at(-1) ?? '';
};

const englishLabel = (field: string) => FIELDS_EN[field] ?? (field ? field.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()) : '');

function detailsOf(refusal: Refusal): Detail[] {
  return (refusal.details ?? []).flatMap((d) => {
    const detail = d as Partial<Detail>;
    return typeof detail?.path === 'string' && typeof detail.message === 'string' ? [{ path: detail.path, message: detail.message }] : [];
  });
}

/** The one problem an "Invalid request: body.x: message" message names, as a detail. */
function detailInMessage(message: string): Detail | undefined {
  const match = /^Invalid request: ((?:body|query|params)[\w.]*): (.+)$/.exec(message);
  return match ? { path: match[1]!, message: match[2]! } : undefined;
}

/** Each field's problem in the page's language, keyed by field name ("startTime"): for messages next to the fields. */
export function fieldProblems(refusal: Refusal, language: Language): Record<string, string> {
  const details = detailsOf(refusal);
  const inMessage = detailInMessage(refusal.message);
  const all = details.length ? details : inMessage ? [inMessage] : [];
  const problems: Record<string, string> = {};
  for (const { path, message } of all) {
    const key = path.replace(/^(body|query|params)\./, '');
    if (problems[key]) continue;
    problems[key] = language === 'fr' ? `${FIELDS_FR[fieldName(path)] ?? 'Ce champ'} ${frenchProblem(message)}.` : plainEnglish(message);
  }
  return problems;
}

function statusSentence(status: number, language: Language): string {
  const fr = language === 'fr';
  if (status === 400 || status === 422) return fr ? 'Vérifiez les informations saisies.' : 'Check the information entered.';
  if (status === 401) return fr ? 'Votre session a expiré, veuillez vous reconnecter.' : 'Your session has expired: sign in again.';
  if (status === 403) return fr ? 'Cette action ne vous est pas permise.' : 'You are not allowed to do this.';
  if (status === 404) return fr ? 'Cet élément est introuvable : il a peut-être été supprimé.' : 'Not found: it may have been deleted.';
  if (status === 409) return fr ? 'Cette action n’est plus possible : rechargez la page.' : 'This is no longer possible: reload the page.';
  if (status === 413) return fr ? 'Le contenu envoyé est trop volumineux.' : 'What was sent is too large.';
  if (status === 429) return fr ? 'Trop de demandes : patientez un peu avant de réessayer.' : 'Too many requests: wait a moment and try again.';
  if (status === 502) return fr ? 'Le service de paiement ou d’agenda ne répond pas : réessayez plus tard.' : 'A provider (payments or calendars) did not answer: try again later.';
  return fr ? 'Le service est momentanément indisponible : réessayez dans un instant.' : 'The service is unavailable for a moment: try again shortly.';
}

/** One line for a toast or a form: what went wrong, in the page's language, without schema paths. */
export function humanRefusal(refusal: Refusal, language: Language): string {
  if (language === 'fr') {
    for (const [match, french] of KNOWN_FR) {
      const found = typeof match === 'string' ? (refusal.message === match ? ([match] as RegExpMatchArray) : null) : refusal.message.match(match);
      if (found) return french(found);
    }
  }
  const problems = Object.entries(fieldProblems(refusal, language));
  if (refusal.status === 400 && problems.length) {
    const lines = problems.map(([key, text]) => (language === 'fr' ? text : `${englishLabel(fieldName(key))}: ${text}`));
    return [...new Set(lines)].join(' · ');
  }
  // The API's own sentences are written to be shown (shared/errors.ts): an English page keeps them,
  // unless they are schema talk or the bare status a proxy puts there.
  if (language === 'en' && refusal.message && !/^(Invalid request|Erreur HTTP|HTTP \d)/.test(refusal.message)) return refusal.message;
  return statusSentence(refusal.status, language);
}

/** A failure that never reached the API (offline, DNS, CORS): the network, in the page's language. */
export const networkFailure = (language: Language) =>
  language === 'fr' ? 'Connexion impossible : vérifiez votre réseau puis réessayez.' : 'Could not reach the service: check your connection and try again.';
