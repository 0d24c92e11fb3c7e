import type { Locale, NotificationKind } from '../domain/vocabulary.ts';
import { COPY, type Copy } from './copy.ts';

/** Everything an email says, resolved beforehand: the templates do no I/O. */
export interface TemplateInput {
  kind: NotificationKind;
  locale: Locale;
  recipient: { name: string; timezone: string; side: 'client' | 'admin' };
  /** The other side's name (the admin for a client, the client for an admin), when known. */
  counterpart?: string;
  appointment: {
    title: string;
    description?: string;
    location?: string;
    meetingUrl?: string;
    startTime: string;
    endTime: string;
    /** A request's times to choose from (its own among them). */
    proposedTimes?: Array<{ startTime: string; endTime: string }>;
    timezone: string;
    clientNote?: string;
    cancellationReason?: string;
  };
  /** The time before a change. */
  previous?: { startTime: string; endTime: string };
  /** A pending request whose time changed (no invite: nothing is in anyone's calendar yet). */
  pending?: boolean;
  invite?: 'REQUEST' | 'CANCEL';
  /** For reminders: how long before the start. */
  inMinutes?: number;
  actionUrl: string;
  settingsUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const dayFormat = (copy: Copy, timeZone: string) =>
  new Intl.DateTimeFormat(copy.tag, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = (copy: Copy, timeZone: string) => new Intl.DateTimeFormat(copy.tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "mardi 27 octobre 2026, 10:00 – 11:00 (Europe/Paris)": the span as seen in `timeZone`. */
export function formatSpan(copy: Copy, startIso: string, endIso: string, timeZone: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const day = dayFormat(copy, timeZone);
  const time = timeFormat(copy, timeZone);
  const startDay = day.format(start);
  const endDay = day.format(end);
  const span =
    startDay === endDay
      ? `${startDay}, ${time.format(start)} – ${time.format(end)}`
      : `${startDay}, ${time.format(start)} – ${endDay}, ${time.format(end)}`;
  return `${span} (${timeZone})`;
}

/** "27 oct., 10:00": short enough for a subject line. */
function shortWhen(copy: Copy, iso: string, timeZone: string): string {
  const date = new Intl.DateTimeFormat(copy.tag, { timeZone, day: 'numeric', month: 'short' }).format(new Date(iso));
  return `${date}, ${timeFormat(copy, timeZone).format(new Date(iso))}`;
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject, plain text and HTML of one email (pure). */
export function renderMail(input: TemplateInput): RenderedMail {
  const copy = COPY[input.locale];
  const { appointment: a, recipient, kind } = input;
  const zone = recipient.timezone;
  const counterpart = input.counterpart ?? (recipient.side === 'client' ? copy.team : copy.aClient);
  // A request offering several times lists them all, one per line: the client picks one.
  const choices = kind === 'request' && (a.proposedTimes?.length ?? 0) > 1 ? a.proposedTimes! : undefined;
  const sentence = choices
    ? copy.choiceRequest[recipient.side](counterpart)
    : kind === 'changed' && input.pending
      ? copy.pendingChanged(counterpart)
      : copy.lead[kind][recipient.side](counterpart, { inMinutes: input.inMinutes });
  const lead = sentence.charAt(0).toLocaleUpperCase(copy.tag) + sentence.slice(1);

  const spans = (timeZone: string) => (choices ?? [a]).map((t) => formatSpan(copy, t.startTime, t.endTime, timeZone)).join('\n');
  const rows: Array<[label: string, value: string, href?: string]> = [[choices ? copy.labels.proposedTimes : copy.labels.when, spans(zone)]];
  if (a.timezone !== zone) rows.push([copy.labels.localTime, spans(a.timezone)]);
  if (input.previous && (input.previous.startTime !== a.startTime || input.previous.endTime !== a.endTime)) {
    rows.push([copy.labels.previously, formatSpan(copy, input.previous.startTime, input.previous.endTime, zone)]);
  }
  rows.push([copy.labels.with, counterpart]);
  if (a.location) rows.push([copy.labels.where, a.location]);
  if (a.meetingUrl) rows.push([copy.labels.meeting, a.meetingUrl, a.meetingUrl]);
  if (a.description) rows.push([copy.labels.description, a.description]);
  // The client's note is for the team; the internal notes are never in an email.
  if (a.clientNote && recipient.side === 'admin') rows.push([copy.labels.clientNote, a.clientNote]);
  if (kind === 'cancelled' && a.cancellationReason) rows.push([copy.labels.reason, a.cancellationReason]);

  const inviteLine = input.invite ? copy.invite[input.invite] : undefined;
  const action = copy.action[recipient.side][kind];
  const subject = oneLine(copy.subject[kind](oneLine(a.title), shortWhen(copy, a.startTime, zone)));

  const label = (name: string, value: string) => `${name}${copy.colon}${value}`;
  const text = [
    copy.hello(recipient.name),
    '',
    lead,
    '',
    a.title,
    // A value of several lines (proposed times) keeps its further lines indented under the label.
    ...rows.map(([name, value]) => label(name, value.replaceAll('\n', '\n  '))),
    ...(inviteLine ? ['', inviteLine] : []),
    '',
    label(action, input.actionUrl),
    '',
    '-- ',
    copy.footer,
    label(copy.settings, input.settingsUrl),
    '',
  ].join('\n');

  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2937">
<p>${escapeHtml(copy.hello(recipient.name))}</p>
<p>${escapeHtml(lead)}</p>
<h2 style="font-size:18px;margin:16px 0 8px">${escapeHtml(a.title)}</h2>
<table role="presentation" style="border-collapse:collapse">
${rows
  .map(
    ([label, value, href]) =>
      `<tr><th align="left" style="${cell};color:#6b7280;font-weight:normal">${escapeHtml(label)}</th><td style="${cell};white-space:pre-line">${
        href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value)
      }</td></tr>`,
  )
  .join('\n')}
</table>
${inviteLine ? `<p>${escapeHtml(inviteLine)}</p>\n` : ''}<p><a href="${escapeHtml(input.actionUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action)}</a></p>
<p style="color:#6b7280;font-size:12px">${escapeHtml(copy.footer)} <a href="${escapeHtml(input.settingsUrl)}">${escapeHtml(copy.settings)}</a></p>
</body>
</html>
`;
  return { subject, text, html };
}
