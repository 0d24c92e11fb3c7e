import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ParsedInvite {
  method: string;
  uid: string;
  sequence: number;
  start: string;
  end: string;
  status: string;
  organizer: string;
  attendees: string[];
}

export interface OutboxMail {
  file: string;
  raw: string;
  mail: ParsedMail;
  subject: string;
  text: string;
  html: string;
  /** The text/calendar part parsed with ical.js, when the message carries an invite. */
  invite?: ParsedInvite;
  /** The .ics attachment, which must say the same as the calendar part. */
  attachedInvite?: ParsedInvite;
}

/** An iCalendar text as a calendar app reads it (ical.js, Mozilla's parser). */
export function parseInvite(ics: string): ParsedInvite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    status: String(vevent.getFirstPropertyValue('status')),
    organizer: String(vevent.getFirstPropertyValue('organizer')).toLowerCase(),
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
  };
}

/** Every message the outbox holds for `email`, oldest first, parsed with mailparser. */
export async function outboxFor(dir: string, email: string): Promise<OutboxMail[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const mine = files.filter((file) => file.endsWith('.eml') && file.includes(`-${email}`)).sort();
  return Promise.all(
    mine.map(async (file) => {
      const raw = await readFile(path.join(dir, file), 'utf8');
      const mail = await simpleParser(raw);
      const calendarPart = mail.attachments.find((a) => a.contentType === 'text/calendar');
      const attachment = mail.attachments.find((a) => a.filename === 'invite.ics');
      return {
        file,
        raw,
        mail,
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
        invite: calendarPart ? parseInvite(calendarPart.content.toString('utf8')) : undefined,
        attachedInvite: attachment ? parseInvite(attachment.content.toString('utf8')) : undefined,
      };
    }),
  );
}
