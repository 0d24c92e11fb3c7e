import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMessage } from './compose.ts';
import { composeTextAndHtml } from './mime.ts';

const message = {
  from: { name: 'Rendez-vous', address: 'no-reply@example.com' },
  to: { name: 'Chloé Bernard', address: 'chloe@example.com' },
  subject: 'Confirmez votre réservation : Bilan (23 oct., 10:00)',
  text: 'Bonjour Chloé,\n\nConfirmez votre réservation : https://booking.example.com/book/confirm/?token=abc&lang=en\n',
  html: '<p>Bonjour Chloé,</p><p><a href="https://booking.example.com/book/confirm/?token=abc&amp;lang=en">Confirmer</a></p>',
  messageId: '<h1.hold@example.com>',
  date: new Date('2026-10-01T08:30:00Z'),
};

describe('a message with text and HTML, written without nodemailer', () => {
  it('reads as the same message nodemailer writes', async () => {
    const ours = await simpleParser(composeTextAndHtml(message));
    const theirs = await simpleParser(await composeMessage(message));
    for (const mail of [ours, theirs]) {
      expect(mail.subject).toBe(message.subject);
      expect(mail.messageId).toBe('<h1.hold@example.com>');
      expect(mail.date?.toISOString()).toBe('2026-10-01T08:30:00.000Z');
      expect(mail.from).toMatchObject({ value: [{ address: 'no-reply@example.com', name: 'Rendez-vous' }] });
      expect(mail.to).toMatchObject({ value: [{ address: 'chloe@example.com', name: 'Chloé Bernard' }] });
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.attachments).toEqual([]);
    }
    expect(ours.text).toBe(theirs.text);
    expect(ours.html).toBe(theirs.html);
  });

  it("keeps a visitor's name in the To header: no line break in it can add a header", async () => {
    const raw = composeTextAndHtml({ ...message, to: { name: 'Eve\r\nBcc: victim@example.org', address: 'eve@example.com' } });
    const mail = await simpleParser(raw);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.to).toMatchObject({ value: [{ address: 'eve@example.com', name: 'Eve Bcc: victim@example.org' }] });
    expect(raw.toString('utf8')).not.toMatch(/^Bcc:/im);
  });

  it('quotes an ASCII name and encodes long non-ASCII words in lines a mail server accepts', async () => {
    const subject = `Réservation ${'très '.repeat(30)}attendue — été`;
    const raw = composeTextAndHtml({ ...message, subject, to: { name: 'Jo "JD" \\ Doe', address: 'jo@example.com' }, text: 'é'.repeat(500) });
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.to).toMatchObject({ value: [{ address: 'jo@example.com', name: 'Jo "JD" \\ Doe' }] });
    expect(mail.text).toBe('é'.repeat(500));
    for (const line of raw.toString('utf8').split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);
  });

  it('refuses an address that would break out of its brackets', () => {
    expect(() => composeTextAndHtml({ ...message, to: { name: 'x', address: 'a@b.c>\r\nBcc: d@e.f' } })).toThrow();
  });
});
