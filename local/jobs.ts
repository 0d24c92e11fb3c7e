import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listJobs, type ManifestJob } from '../functions/jobs.ts';
import { APPOINTMENT_CHANGED, type AppointmentChangedDetail } from '../shared/events/appointment-changed.ts';
import { onAppointmentChanged } from '../shared/events/publisher.ts';
import { onCalendarSyncMessages, type SyncMessage } from '../shared/events/sync-queue.ts';
import { lambdaContext } from './gateway.ts';
import { REGION, ROOT } from './runtime.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const handlers = new Map<string, Promise<Handler>>();

/** Runs a job's handler in this process as Lambda would: its module's `handler`, a context with its timeout. */
export async function invokeJob(job: ManifestJob, event: unknown): Promise<unknown> {
  let loaded = handlers.get(job.handler);
  if (!loaded) {
    loaded = import(pathToFileURL(path.join(ROOT, job.handler)).href).then((module) => {
      if (typeof module.handler !== 'function') throw new Error(`${job.handler} exports no handler`);
      return module.handler as Handler;
    });
    handlers.set(job.handler, loaded);
  }
  const handler = await loaded;
  return handler(event, lambdaContext(job.handler, randomUUID(), Date.now() + (job.timeoutSeconds ?? 10) * 1000));
}

/** The event an EventBridge rule hands to its target. */
function eventBridgeEvent(detailType: string, source: string, detail: unknown) {
  return { version: '0', id: randomUUID(), 'detail-type': detailType, source, account: '000000000000', time: new Date().toISOString(), region: REGION, resources: [], detail };
}

export const scheduledEvent = () => eventBridgeEvent('Scheduled Event', 'aws.scheduler', {});

/** The event an SQS event source mapping hands to its function. */
export function sqsEvent(messages: readonly SyncMessage[]) {
  return {
    Records: messages.map((message) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(message),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:000000000000:calendar-sync`,
      awsRegion: REGION,
    })),
  };
}

export interface LocalConsumers {
  /** Resolves when every delivery started so far has finished (retries included). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * The AppointmentChanged rule of AWS, in process: every job of the manifest triggered by the
 * event runs for each published change, off the request path (as an asynchronous Lambda
 * invocation) and, when it fails, again after each of `retryDelaysMs` (Lambda retries twice).
 * The calendar sync queue likewise: its worker gets each batch of messages, and the messages it
 * reports failed are delivered again after each delay (SQS redelivers after the visibility timeout).
 */
export function subscribeEventConsumers(log: (line: string) => void, options: { retryDelaysMs?: number[] } = {}): LocalConsumers {
  const consumers = listJobs().filter((job) => job.trigger === 'AppointmentChanged');
  const delays = options.retryDelaysMs ?? [1000, 2000];
  const running = new Set<Promise<void>>();

  const deliver = async (job: ManifestJob, event: unknown) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await invokeJob(job, event);
        return;
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined) {
          log(`${job.name} failed after ${attempt + 1} attempts: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const unsubscribe = onAppointmentChanged((detail: AppointmentChangedDetail) => {
    const event = eventBridgeEvent(APPOINTMENT_CHANGED.detailType, APPOINTMENT_CHANGED.source, detail);
    for (const job of consumers) {
      const delivery = deliver(job, event).finally(() => running.delete(delivery));
      running.add(delivery);
    }
  });

  const queueWorkers = listJobs().filter((job) => job.trigger === 'CalendarSyncQueue');
  const work = async (job: ManifestJob, messages: SyncMessage[]) => {
    let pending = sqsEvent(messages);
    for (let attempt = 0; ; attempt++) {
      const result = (await invokeJob(job, pending).catch((error: Error) => {
        log(`${job.name} failed: ${error.message}`);
        return { batchItemFailures: pending.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      })) as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
      const failed = new Set(result?.batchItemFailures?.map((f) => f.itemIdentifier));
      if (failed.size === 0) return;
      const delay = delays[attempt];
      if (delay === undefined) {
        log(`${job.name}: ${failed.size} message(s) still failing after ${attempt + 1} attempts; the next scheduled sync retries`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      pending = { Records: pending.Records.filter((r) => failed.has(r.messageId)) };
    }
  };
  const unsubscribeQueue = onCalendarSyncMessages((messages) => {
    for (const job of queueWorkers) {
      const delivery = work(job, messages).finally(() => running.delete(delivery));
      running.add(delivery);
    }
  });

  return {
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
    stop: () => {
      unsubscribe();
      unsubscribeQueue();
    },
  };
}
