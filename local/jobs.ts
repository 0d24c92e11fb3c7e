import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listJobs, type ManifestJob } from '../functions/routes.ts';
import { APPOINTMENT_CHANGED, type AppointmentChangedDetail } from '../shared/events/appointment-changed.ts';
import { onAppointmentChanged } from '../shared/events/publisher.ts';
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

export interface LocalConsumers {
  /** Resolves when every delivery started so far has finished (retries included). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * The AppointmentChanged rule of AWS, in process: every job of the manifest triggered by the
 * event runs for each published change, off the request path (as an asynchronous Lambda
 * invocation) and, when it fails, again after each of `retryDelaysMs` (Lambda retries twice).
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

  return {
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
    stop: unsubscribe,
  };
}
