import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMessage } from './compose.ts';
import { buildInvite } from './invite.ts';

const ics = buildInvite({
  method: 'REQUEST',
  sequence: 2,
  appointment: { id: 'a1', title: 'Bilan', startTime: '2026-10-23T08:00:00.000Z', endTime: '2026-10-23T09:00:00.000Z' },
  organizer: { name: 'Rendez-vous', email: 'no-reply@example.com' },
  attendees: [{ name: 'Jean Dupont', email: 'jean@example.com' }],
  stamp: new Date('2026-10-01T00:00:00Z'),
});

const message = {
  from: { name: 'Rendez-vous', address: 'no-reply@example.com' },
  to: { name: 'Chloé Bernard', address: 'chloe@example.com' },
  subject: 'Rendez-vous confirmé : Bilan (23 oct., 10:00)',
  text: 'Bonjour Chloé,\nVotre rendez-vous est confirmé.',
  html: '<p>Bonjour Chloé,</p>',
  messageId: '<abc@example.com>',
  date: new Date('2026-10-01T00:00:00Z'),
};

describe('MIME assembly', () => {
  it('builds an RFC 5322 message with text, HTML and the invite as a calendar part and an attachment', async () => {
    const raw = await composeMessage({ ...message, invite: { method: 'REQUEST', ics } });
    const head = raw.toString('utf8').split('\r\n\r\n')[0]!;
    expect(head).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(raw.toString('utf8')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);

    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(message.subject);
    expect(mail.messageId).toBe('<abc@example.com>');
    expect(mail.to).toMatchObject({ value: [{ address: 'chloe@example.com', name: 'Chloé Bernard' }] });
    expect(mail.text).toContain('Votre rendez-vous est confirmé.');
    expect(mail.html).toContain('<p>Bonjour Chloé,</p>');
    const calendars = mail.attachments.filter((a) => /calendar|ics/.test(a.contentType));
    expect(calendars.map((a) => a.contentType).sort()).toEqual(['application/ics', 'text/calendar']);
    for (const part of calendars) {
      const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    }
  });

  it('has no calendar part without an invite', async () => {
    const mail = await simpleParser(await composeMessage(message));
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('Bonjour');
  });
});
