import type { HistoryEntryView } from '../../../shared/domain/appointments/history.ts';
import { api } from './api.ts';
import { fill, translator, type Language, type MessageKey } from './i18n.ts';

export type HistoryEntry = HistoryEntryView;

export const fetchHistory = (id: string) => api<HistoryEntry[]>(`/appointments/${id}/history`);

/** Field names as people read them; the start and end of a move read as one "time". */
const FIELD_LABELS: Record<Language, Record<string, string>> = {
  fr: {
    title: 'titre',
    description: 'description',
    startTime: 'horaire',
    endTime: 'horaire',
    timezone: 'fuseau horaire',
    location: 'lieu',
    meetingUrl: 'lien de visioconférence',
    clientNote: 'votre note',
    cancellationReason: 'motif d’annulation',
    type: 'type',
    price: 'tarif',
    currency: 'devise',
    isPaid: 'paiement',
    lagoInvoiceId: 'facture',
    invoiceNumber: 'facture',
    attendeeEmail: 'participant',
    attendeeName: 'participant',
    attendeePhone: 'participant',
    productId: 'prestation',
    syncToCalendar: 'synchronisation du calendrier',
    userId: 'client',
  },
  en: {
    title: 'title',
    description: 'description',
    startTime: 'time',
    endTime: 'time',
    timezone: 'time zone',
    location: 'location',
    meetingUrl: 'meeting link',
    clientNote: 'client note',
    cancellationReason: 'cancellation reason',
    notes: 'internal notes',
    assignedAdminId: 'assigned admin',
    type: 'type',
    price: 'price',
    currency: 'currency',
    isPaid: 'payment',
    lagoInvoiceId: 'invoice',
    invoiceNumber: 'invoice',
    attendeeEmail: 'attendee',
    attendeeName: 'attendee',
    attendeePhone: 'attendee',
    productId: 'product',
    syncToCalendar: 'calendar sync',
    userId: 'client',
  },
};

/** "Modifié : horaire, titre" — or undefined when the entry names no field. */
export function changedText(entry: HistoryEntry, language: Language): string | undefined {
  const labels = [...new Set(entry.changedFields.map((field) => FIELD_LABELS[language][field] ?? field))];
  return labels.length ? fill(translator(language)('history.changed'), { fields: labels.join(', ') }) : undefined;
}

/** What happened: a client's own creation is their request; the team's is a proposal. */
export function eventText(entry: HistoryEntry, language: Language): string {
  const t = translator(language);
  const byClient = entry.actor.kind === 'you' || entry.actor.kind === 'client';
  if (entry.event === 'created' && byClient) return t('history.event.requested');
  return t(`history.event.${entry.event}` as MessageKey);
}

/** Who acted: a name for admins, "Vous" / "L'équipe" / "Système" for clients (the API's kinds, translated). */
export function actorText(entry: HistoryEntry, language: Language): string {
  const { actor } = entry;
  if (actor.kind === 'you' || actor.kind === 'team') return translator(language)(`history.actor.${actor.kind}`);
  if (actor.kind === 'system' && !('id' in actor)) return translator(language)('history.actor.system');
  return actor.label;
}
