import type { Locale, NotificationKind } from '../domain/vocabulary.ts';

/** The words of every email, in French (the default) and English. Pure data and formatting. */
export interface Copy {
  tag: string;
  /** Between a label and its value (French typography wants a space before the colon). */
  colon: string;
  hello(name: string): string;
  subject: Record<NotificationKind, (title: string, when: string) => string>;
  /** The opening sentence, by kind and by the recipient's side. */
  lead: Record<NotificationKind, Record<'client' | 'admin', (counterpart: string, extra: { inMinutes?: number }) => string>>;
  pendingChanged: (counterpart: string) => string;
  /** The opening sentence of a request offering several times, by the recipient's side. */
  choiceRequest: Record<'client' | 'admin', (counterpart: string) => string>;
  invite: { REQUEST: string; CANCEL: string };
  labels: { when: string; proposedTimes: string; previously: string; localTime: string; where: string; meeting: string; with: string; description: string; clientNote: string; reason: string };
  action: Record<'client' | 'admin', Record<NotificationKind, string>>;
  /** Stand-ins for a name that is unknown (an unassigned request, an erased account), mid-sentence. */
  team: string;
  aClient: string;
  footer: string;
  settings: string;
}

const duration = (tag: string, minutes: number) =>
  minutes % 60 === 0
    ? new Intl.NumberFormat(tag, { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(minutes / 60)
    : new Intl.NumberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);

const fr: Copy = {
  tag: 'fr-FR',
  colon: '\u00a0: ',
  hello: (name) => `Bonjour ${name},`,
  subject: {
    request: (title) => `Demande de rendez-vous : ${title}`,
    confirmed: (title, when) => `Rendez-vous confirmé : ${title} (${when})`,
    changed: (title, when) => `Rendez-vous modifié : ${title} (${when})`,
    cancelled: (title, when) => `Rendez-vous annulé : ${title} (${when})`,
    reminder: (title, when) => `Rappel : ${title} (${when})`,
  },
  lead: {
    request: {
      client: (who) => `${who} vous propose un rendez-vous. Confirmez-le depuis votre espace.`,
      admin: (who) => `${who} demande un rendez-vous. Confirmez-le ou refusez-le depuis l'administration.`,
    },
    confirmed: {
      client: (who) => `Votre rendez-vous avec ${who} est confirmé.`,
      admin: (who) => `Le rendez-vous avec ${who} est confirmé.`,
    },
    changed: {
      client: (who) => `Votre rendez-vous avec ${who} a été modifié.`,
      admin: (who) => `Le rendez-vous avec ${who} a été modifié.`,
    },
    cancelled: {
      client: (who) => `Votre rendez-vous avec ${who} est annulé.`,
      admin: (who) => `Le rendez-vous avec ${who} est annulé.`,
    },
    reminder: {
      client: (who, { inMinutes = 0 }) => `Rappel : votre rendez-vous avec ${who} commence dans ${duration('fr-FR', inMinutes)}.`,
      admin: (who, { inMinutes = 0 }) => `Rappel : votre rendez-vous avec ${who} commence dans ${duration('fr-FR', inMinutes)}.`,
    },
  },
  choiceRequest: {
    client: (who) => `${who} vous propose plusieurs horaires pour un rendez-vous. Choisissez celui qui vous convient depuis votre espace.`,
    admin: (who) => `Plusieurs horaires ont été proposés à ${who}. Le rendez-vous sera confirmé dès qu'un horaire sera choisi.`,
  },
  pendingChanged: (who) => `${who} a changé l'horaire de la demande de rendez-vous. Elle attend toujours votre confirmation.`,
  invite: {
    REQUEST: "L'invitation jointe (.ics) l'ajoute à votre agenda ou l'y met à jour.",
    CANCEL: "L'invitation jointe (.ics) le retire de votre agenda.",
  },
  labels: {
    when: 'Quand',
    proposedTimes: 'Horaires proposés',
    previously: 'Auparavant',
    localTime: 'Heure locale du rendez-vous',
    where: 'Lieu',
    meeting: 'Visioconférence',
    with: 'Avec',
    description: 'Description',
    clientNote: 'Message du client',
    reason: 'Motif',
  },
  action: {
    client: { request: 'Confirmer le rendez-vous', confirmed: 'Voir mes rendez-vous', changed: 'Voir mes rendez-vous', cancelled: 'Voir mes rendez-vous', reminder: 'Voir mes rendez-vous' },
    admin: { request: 'Traiter la demande', confirmed: 'Voir les rendez-vous', changed: 'Voir les rendez-vous', cancelled: 'Voir les rendez-vous', reminder: 'Voir les rendez-vous' },
  },
  team: "l'équipe",
  aClient: 'un client',
  footer: 'Vous recevez cet e-mail parce que les notifications par e-mail sont activées dans votre profil.',
  settings: 'Gérer mes notifications',
};

const en: Copy = {
  tag: 'en-GB',
  colon: ': ',
  hello: (name) => `Hello ${name},`,
  subject: {
    request: (title) => `Appointment request: ${title}`,
    confirmed: (title, when) => `Appointment confirmed: ${title} (${when})`,
    changed: (title, when) => `Appointment changed: ${title} (${when})`,
    cancelled: (title, when) => `Appointment cancelled: ${title} (${when})`,
    reminder: (title, when) => `Reminder: ${title} (${when})`,
  },
  lead: {
    request: {
      client: (who) => `${who} proposes an appointment. Please confirm it from your dashboard.`,
      admin: (who) => `${who} requests an appointment. Confirm or decline it from the admin area.`,
    },
    confirmed: {
      client: (who) => `Your appointment with ${who} is confirmed.`,
      admin: (who) => `The appointment with ${who} is confirmed.`,
    },
    changed: {
      client: (who) => `Your appointment with ${who} has changed.`,
      admin: (who) => `The appointment with ${who} has changed.`,
    },
    cancelled: {
      client: (who) => `Your appointment with ${who} is cancelled.`,
      admin: (who) => `The appointment with ${who} is cancelled.`,
    },
    reminder: {
      client: (who, { inMinutes = 0 }) => `Reminder: your appointment with ${who} starts in ${duration('en-GB', inMinutes)}.`,
      admin: (who, { inMinutes = 0 }) => `Reminder: your appointment with ${who} starts in ${duration('en-GB', inMinutes)}.`,
    },
  },
  choiceRequest: {
    client: (who) => `${who} proposes several times for an appointment. Choose the one that suits you from your dashboard.`,
    admin: (who) => `Several times were proposed to ${who}. The appointment is confirmed once they choose one.`,
  },
  pendingChanged: (who) => `${who} changed the time of the appointment request. It still awaits your confirmation.`,
  invite: {
    REQUEST: 'The attached invitation (.ics) adds it to your calendar or updates it there.',
    CANCEL: 'The attached invitation (.ics) removes it from your calendar.',
  },
  labels: {
    when: 'When',
    proposedTimes: 'Proposed times',
    previously: 'Previously',
    localTime: "Appointment's local time",
    where: 'Where',
    meeting: 'Video call',
    with: 'With',
    description: 'Description',
    clientNote: "Client's message",
    reason: 'Reason',
  },
  action: {
    client: { request: 'Confirm the appointment', confirmed: 'My appointments', changed: 'My appointments', cancelled: 'My appointments', reminder: 'My appointments' },
    admin: { request: 'Handle the request', confirmed: 'Appointments', changed: 'Appointments', cancelled: 'Appointments', reminder: 'Appointments' },
  },
  team: 'the team',
  aClient: 'a client',
  footer: 'You receive this email because email notifications are on in your profile.',
  settings: 'Manage notifications',
};

export const COPY: Readonly<Record<Locale, Copy>> = { fr, en };
