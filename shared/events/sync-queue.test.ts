import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEnvironment } from '../../local/runtime.ts';
import { resetConfig } from '../config.ts';
import { enqueueCalendarSync, syncMessageSchema, type SyncMessage } from './sync-queue.ts';

/**
 * The AWS path of the calendar sync queue: the real SQS client against a local stand-in for SQS's
 * SendMessageBatch (AWS JSON 1.0 protocol, `X-Amz-Target: AmazonSQS.SendMessageBatch`, MD5 of each
 * body in the answer, which the SDK verifies). `refuse` makes it report an entry as failed.
 */
const received: Array<{ QueueUrl: string; Entries: Array<{ Id: string; MessageBody: string; DelaySeconds?: number }> }> = [];
let refuse = false;
const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const call = JSON.parse(body);
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    if (request.headers['x-amz-target'] !== 'AmazonSQS.SendMessageBatch') {
      response.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: 'unknown action' }));
      return;
    }
    received.push(call);
    const entries = call.Entries as Array<{ Id: string; MessageBody: string }>;
    const [failed, sent] = refuse ? [entries.slice(0, 1), entries.slice(1)] : [[], entries];
    response.end(
      JSON.stringify({
        Successful: sent.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') })),
        Failed: failed.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'The queue is not available' })),
      }),
    );
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The SQS client sends to the queue URL's host, as in AWS.
  useEnvironment({ SYNC_QUEUE_URL: `http://127.0.0.1:${port}/000000000000/booking-sync` });
});
afterAll(() => {
  // The worker process may run other files next: they queue in process again.
  delete process.env.SYNC_QUEUE_URL;
  resetConfig();
  server.close();
});

const messages = (count: number): SyncMessage[] =>
  Array.from({ length: count }, (_, n) => ({ userId: `user-${n}`, connectionId: `connection-${n}`, reason: 'scheduled' }));

describe('the calendar sync queue on SQS', () => {
  it('sends every message, 10 per SendMessageBatch (the SQS limit), with the delay asked for', async () => {
    received.length = 0;
    await enqueueCalendarSync(messages(23), { delaySeconds: 30 });
    expect(received.map((call) => call.Entries.length)).toEqual([10, 10, 3]);
    expect(received.every((call) => call.QueueUrl.endsWith('/000000000000/booking-sync'))).toBe(true);
    const bodies = received.flatMap((call) => call.Entries.map((entry) => syncMessageSchema.parse(JSON.parse(entry.MessageBody))));
    expect(bodies).toEqual(messages(23));
    expect(received.flatMap((call) => call.Entries.map((entry) => entry.DelaySeconds))).toEqual(Array(23).fill(30));
  });

  it('fails loudly when SQS refuses a message, so the caller (a job, a route) can retry', async () => {
    refuse = true;
    try {
      await expect(enqueueCalendarSync(messages(2))).rejects.toThrow('1 sync messages were not queued: The queue is not available');
    } finally {
      refuse = false;
    }
  });
});
