import { createHash } from 'node:crypto';
import { config } from '../config.ts';
import type { MarkerKey } from '../db/notifications.ts';
import { composeMessage } from './compose.ts';
import { buildInvite } from './invite.ts';
import type { AppointmentSnapshot } from './plan.ts';
import type { Person } from './recipients.ts';
import { renderMail, type TemplateInput } from './templates.ts';
import type { OutgoingMail } from './transport.ts';

export interface MailRequest {
  key: MarkerKey;
  recipient: Person;
  side: 'client' | 'admin';
  appointment: AppointmentSnapshot;
  previous?: AppointmentSnapshot;
  counterpart?: Person;
  pending?: boolean;
  inMinutes?: number;
  /** The invite to attach, with the people it lists. */
  invite?: { method: 'REQUEST' | 'CANCEL'; sequence: number; attendees: Person[] };
  /** Where the e-mail's button leads instead of the recipient's list (a guest's manage link). */
  actionUrl?: string;
  now: Date;
}

const siteLink = (pathname: string) => new URL(pathname, config().SITE_URL).toString();

/** The Message-ID of the email a marker stands for: the same key always gives the same id. */
function messageIdFor(key: MarkerKey): string {
  const digest = createHash('sha256').update(JSON.stringify([key.appointmentId, key.kind, key.occurrence, key.recipientId])).digest('hex');
  return `<${digest.slice(0, 40)}@${config().MAIL_FROM_ADDRESS.split('@')[1]}>`;
}

/** One complete message for one recipient: rendered in their language and time zone, ICS included. */
export async function buildMail(request: MailRequest): Promise<OutgoingMail> {
  const { MAIL_FROM_ADDRESS, MAIL_FROM_NAME } = config();
  const { recipient, appointment: a } = request;
  const input: TemplateInput = {
    kind: request.key.kind,
    locale: recipient.locale,
    recipient: { name: recipient.name, timezone: recipient.timezone, side: request.side },
    counterpart: request.counterpart?.name,
    appointment: a,
    previous: request.previous,
    pending: request.pending,
    invite: request.invite?.method,
    inMinutes: request.inMinutes,
    actionUrl: request.actionUrl ?? siteLink(request.side === 'client' ? '/dashboard/appointments' : '/admin/appointments'),
    settingsUrl: siteLink('/dashboard/profile'),
  };
  const rendered = renderMail(input);
  const from = { name: MAIL_FROM_NAME, address: MAIL_FROM_ADDRESS };
  const raw = await composeMessage({
    ...rendered,
    from,
    to: { name: recipient.name, address: recipient.email },
    messageId: messageIdFor(request.key),
    date: request.now,
    ...(request.invite
      ? {
          invite: {
            method: request.invite.method,
            ics: buildInvite({
              method: request.invite.method,
              sequence: request.invite.sequence,
              appointment: a,
              organizer: { name: MAIL_FROM_NAME, email: MAIL_FROM_ADDRESS },
              attendees: request.invite.attendees.map((p) => ({ name: p.name, email: p.email })),
              stamp: request.now,
            }),
          },
        }
      : {}),
  });
  return { from: MAIL_FROM_ADDRESS, to: recipient.email, raw };
}

/**
 * Where a client's e-mail about `appointment` leads: a guest (no account) gets a new manage link of
 * their own, anyone else their list of appointments (buildMail's default).
 */
export async function clientActionUrl(recipient: Person, appointment: { id: string; endTime: string }, now: Date): Promise<string | undefined> {
  if (!recipient.guest) return undefined;
  const { issueManageLink, manageLink } = await import('../public-booking/links.ts');
  return manageLink(await issueManageLink(appointment, now.toISOString()), recipient.locale);
}

/** Markers live until a month after the appointment ends (and at least a month from now). */
export function markerExpiry(appointment: { endTime: string }, now: Date): Date {
  return new Date(Math.max(Date.parse(appointment.endTime), now.getTime()) + 30 * 86_400_000);
}
