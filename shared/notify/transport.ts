import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';

export interface OutgoingMail {
  from: string;
  to: string;
  /** The whole RFC 5322 message. */
  raw: Buffer;
}

/** Sends one message; resolves to the provider's id for it, rejects when it was not accepted. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<string>;
}

const fileSafe = (value: string) => value.replace(/[^A-Za-z0-9@._+-]/g, '_').slice(0, 200);

/**
 * Local delivery: each message becomes `<dir>/<timestamp>-<to>.eml`. It is written under a
 * temporary name and then linked into place, so a reader never sees half a message and two
 * messages in the same millisecond never overwrite each other.
 */
export function outboxTransport(dir: string): MailTransport {
  return {
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const stem = `${new Date().toISOString().replace(/[:.]/g, '-')}-${fileSafe(mail.to)}`;
      const temporary = path.join(dir, `.${stem}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      await writeFile(temporary, mail.raw);
      try {
        for (let n = 1; ; n++) {
          const target = path.join(dir, n === 1 ? `${stem}.eml` : `${stem}-${n}.eml`);
          try {
            await link(temporary, target);
            return path.basename(target);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          }
        }
      } finally {
        await unlink(temporary);
      }
    },
  };
}

/**
 * The SES SDK, loaded on the first message (shared/aws/load-sdk.ts): the reminders job runs every
 * few minutes and most runs have nothing to send, and the public booking route refuses bad input first.
 */
let ses: SESv2Client | undefined;

/** SES (API v2) with the raw message, so AWS sends exactly what the outbox shows locally. */
export function sesTransport(options: { region: string; configurationSet?: string }): MailTransport {
  return {
    async send(mail) {
      const { SESv2Client, SendEmailCommand } = loadAwsSdk('@aws-sdk/client-sesv2');
      ses ??= new SESv2Client({ region: options.region });
      const result = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: { Raw: { Data: mail.raw } },
          ConfigurationSetName: options.configurationSet,
        }),
      );
      if (!result.MessageId) throw new Error('SES accepted the message without a MessageId');
      return result.MessageId;
    },
  };
}

/** SES in AWS (STAGE=aws), the outbox folder everywhere else. */
export function mailTransport(): MailTransport {
  const { STAGE, AWS_REGION, SES_CONFIGURATION_SET, OUTBOX_DIR } = config();
  return STAGE === 'aws' ? sesTransport({ region: AWS_REGION, configurationSet: SES_CONFIGURATION_SET }) : outboxTransport(path.resolve(OUTBOX_DIR));
}
