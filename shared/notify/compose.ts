import MailComposer from 'nodemailer/lib/mail-composer';
import type { RenderedMail } from './templates.ts';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailMessage extends RenderedMail {
  from: MailAddress;
  to: MailAddress;
  /** Stable per email (derived from its sent-marker), so a receiving system can spot a repeat. */
  messageId: string;
  date: Date;
  invite?: { method: 'REQUEST' | 'CANCEL'; ics: string };
}

/**
 * The RFC 5322 message, built by nodemailer's MailComposer: multipart/alternative with the text,
 * the HTML and (for invites) a text/calendar part with its METHOD, which is what Gmail and Outlook
 * read as an invitation, plus the same calendar as an invite.ics attachment for other clients.
 */
export function composeMessage(message: MailMessage): Promise<Buffer> {
  return new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    headers: {
      // RFC 3834: an automatic message; Outlook: no out-of-office replies to it.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    },
    ...(message.invite ? { icalEvent: { method: message.invite.method, content: message.invite.ics, filename: 'invite.ics' } } : {}),
  })
    .compile()
    .build();
}
