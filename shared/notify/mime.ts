import { randomBytes } from 'node:crypto';
import type { MailAddress, MailMessage } from './compose.ts';

/**
 * A message with a text and an HTML version and nothing attached, written here instead of by
 * nodemailer (shared/notify/compose.ts): the visitor's hold e-mail is sent by the public booking
 * route itself, a function that waits for it, and nodemailer would make that function 135 KB
 * heavier, a third of its size. Messages with an invitation still go through nodemailer.
 * RFC 5322 headers (non-ASCII words as RFC 2047 encoded-words), multipart/alternative with both
 * parts in base64 (RFC 2045), CRLF line ends.
 */

const CRLF = '\r\n';
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
/** No header value can carry a line break or a control character: a visitor's name must not add a header. */
const oneLine = (value: string) => value.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
/** An addr-spec without what would break out of the angle brackets (the API has checked it is an address). */
const ADDRESS = /^[^\s<>"(),;:\\[\]@]+@[^\s<>"(),;:\\[\]@]+$/;

/**
 * RFC 2047 encoded-words (UTF-8, base64) of 39 bytes each (64 characters, so a header's first
 * line stays under 78 with its name), one per line, never splitting a character.
 */
function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(`${CRLF} `);
}

const headerText = (value: string) => {
  const line = oneLine(value);
  return ASCII_PRINTABLE.test(line) ? line : encodedWords(line);
};

function mailbox({ name, address }: MailAddress): string {
  if (!ADDRESS.test(address)) throw new Error('not an e-mail address');
  const display = oneLine(name);
  if (!display) return `<${address}>`;
  const phrase = ASCII_PRINTABLE.test(display) ? `"${display.replace(/[\\"]/g, '\\$&')}"` : encodedWords(display);
  return `${phrase} <${address}>`;
}

/** A body part's content: canonical CRLF line ends, base64 in lines of 76. */
const base64Lines = (content: string) =>
  Buffer.from(content.replace(/\r?\n/g, CRLF))
    .toString('base64')
    .replace(/.{76}/g, `$&${CRLF}`)
    .replace(/\r\n$/, '');

export function composeTextAndHtml(message: Omit<MailMessage, 'invite'>): Buffer {
  const boundary = `=_booking_${randomBytes(12).toString('hex')}`;
  const part = (type: string, content: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(content)].join(CRLF);
  return Buffer.from(
    [
      `From: ${mailbox(message.from)}`,
      `To: ${mailbox(message.to)}`,
      `Subject: ${headerText(message.subject)}`,
      `Message-ID: ${oneLine(message.messageId)}`,
      `Date: ${message.date.toUTCString().replace(/GMT$/, '+0000')}`,
      'MIME-Version: 1.0',
      // RFC 3834: an automatic message; Outlook: no out-of-office replies to it.
      'Auto-Submitted: auto-generated',
      'X-Auto-Response-Suppress: All',
      `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
      '',
      part('text/plain', message.text),
      part('text/html', message.html),
      `--${boundary}--`,
      '',
    ].join(CRLF),
  );
}
