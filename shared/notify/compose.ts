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
 *
 * nodemailer is loaded on the first message, not at cold start: only the two e-mail jobs and the
 * local user pool assemble MIME with it, and a run with nothing to send never needs it. The public
 * booking route's hold e-mail (no invitation) is written by shared/notify/mime.ts instead. SES v2's "simple"
 * content (subject, text, HTML, headers, attachments; SES assembles the MIME) could not replace it:
 * its attachments are parts of their own, so the invitation's text/calendar part with its METHOD
 * could not sit inside the multipart/alternative where Gmail and Outlook look for it, and the
 * message AWS sends would no longer be the one the local outbox shows (same Message-ID, same parts).
 */
export async function composeMessage(message: MailMessage): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
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
