import type { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';

/** One connection to sync: the message of the calendar sync queue (docs/CALENDAR_SYNC.md). */
export const syncMessageSchema = z.object({
  userId: z.string().check(z.minLength(1)),
  connectionId: z.string().check(z.minLength(1)),
  reason: z.enum(['scheduled', 'manual', 'connected', 'notified']),
});

export type SyncMessage = z.infer<typeof syncMessageSchema>;

type Listener = (messages: SyncMessage[]) => Promise<void> | void;

/** Locally (and in tests) the worker subscribes in process; in AWS the queue triggers it. */
const listeners = new Set<Listener>();

export function onCalendarSyncMessages(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The SQS SDK, loaded on the first send (shared/aws/load-sdk.ts): most functions that import this
 * module (listing or exporting connections) never queue anything, and skip its cold-start cost.
 */
let sqs: SQSClient | undefined;

/** SQS takes at most 10 messages per batch. */
const BATCH = 10;

/**
 * Queues syncs: SQS SendMessageBatch in AWS (SYNC_QUEUE_URL), the in-process listeners otherwise.
 * `delaySeconds` holds them back (SQS DelaySeconds; a timer locally).
 */
export async function enqueueCalendarSync(messages: readonly SyncMessage[], options: { delaySeconds?: number } = {}): Promise<void> {
  const queueUrl = config().SYNC_QUEUE_URL;
  const delaySeconds = options.delaySeconds ?? 0;
  if (!queueUrl) {
    const deliver = async () => {
      for (const listener of listeners) await listener([...messages]);
    };
    if (delaySeconds > 0) setTimeout(() => void deliver(), delaySeconds * 1000).unref();
    else await deliver();
    return;
  }
  const { SQSClient, SendMessageBatchCommand } = loadAwsSdk('@aws-sdk/client-sqs');
  sqs ??= new SQSClient({ region: config().AWS_REGION });
  for (let i = 0; i < messages.length; i += BATCH) {
    const batch = messages.slice(i, i + BATCH);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, n) => ({ Id: String(n), MessageBody: JSON.stringify(message), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
      }),
    );
    if (result.Failed?.length) throw new Error(`${result.Failed.length} sync messages were not queued: ${result.Failed[0]?.Message ?? 'unknown reason'}`);
  }
}
