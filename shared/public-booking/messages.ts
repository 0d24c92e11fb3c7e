import type { Locale } from '../domain/vocabulary.ts';
import { COPY } from '../notify/copy.ts';
import { escapeHtml, formatSpan, type RenderedMail } from '../notify/templates.ts';

/**
 * The e-mail that asks a visitor to confirm their address and, with it, their booking (public
 * booking). Pure: the hold use case sends it. It names what is held and until when, in the
 * visitor's language and time zone; the link is the only way to confirm.
 */
export interface HoldMessageInput {
  locale: Locale;
  name: string;
  productName: string;
  startTime: string;
  endTime: string;
  timezone: string;
  expiresAt: string;
  confirmUrl: string;
}

const WORDS: Record<Locale, { subject: (what: string) => string; hello: (name: string) => string; lead: string; until: (time: string) => string; action: string; ignore: string }> = {
  fr: {
    subject: (what) => `Confirmez votre rendez-vous : ${what}`,
    hello: (name) => `Bonjour ${name},`,
    lead: 'Nous gardons ce créneau pour vous. Pour réserver, confirmez votre adresse e-mail :',
    until: (time) => `Le créneau reste réservé jusqu’à ${time}. Passé ce délai, il est proposé à nouveau.`,
    action: 'Confirmer ma réservation',
    ignore: 'Si vous n’avez rien demandé, ignorez ce message : rien ne sera réservé.',
  },
  en: {
    subject: (what) => `Confirm your appointment: ${what}`,
    hello: (name) => `Hello ${name},`,
    lead: 'We are keeping this time for you. To book it, confirm your e-mail address:',
    until: (time) => `The time is kept for you until ${time}. After that it is offered again.`,
    action: 'Confirm my booking',
    ignore: 'If you did not ask for this, ignore this message: nothing will be booked.',
  },
};

export function renderHoldMessage(input: HoldMessageInput): RenderedMail {
  const words = WORDS[input.locale];
  const copy = COPY[input.locale];
  const when = formatSpan(copy, input.startTime, input.endTime, input.timezone);
  const until = new Intl.DateTimeFormat(copy.tag, { timeZone: input.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(input.expiresAt));
  const lines = [words.hello(input.name), '', words.lead, '', `${input.productName}`, when, '', `${words.action}${input.locale === 'fr' ? ' :' : ':'} ${input.confirmUrl}`, '', words.until(until), words.ignore];
  const html = [
    `<p>${escapeHtml(words.hello(input.name))}</p>`,
    `<p>${escapeHtml(words.lead)}</p>`,
    `<p><strong>${escapeHtml(input.productName)}</strong><br>${escapeHtml(when)}</p>`,
    `<p><a href="${escapeHtml(input.confirmUrl)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(words.action)}</a></p>`,
    `<p>${escapeHtml(words.until(until))}</p>`,
    `<p style="color:#555">${escapeHtml(words.ignore)}</p>`,
  ].join('\n');
  return { subject: words.subject(input.productName), text: lines.join('\n'), html };
}
