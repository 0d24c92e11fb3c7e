import type { EventBridgeEvent } from 'aws-lambda';
import type { JobDefinition } from '../../functions/manifest.ts';
import { jobHandler } from '../jobs/job-handler.ts';
import { logger } from '../logger.ts';
import { APPOINTMENT_CHANGED, appointmentChangedDetail, type AppointmentChangedDetail } from './appointment-changed.ts';

type Event = EventBridgeEvent<string, unknown>;

/**
 * The Lambda chain of every AppointmentChanged consumer (the `jobs` of functions/jobs.ts with
 * that trigger): the jobs' chain (request id in the logs, declared secrets loaded), and the event checked against the
 * versioned contract. An event this version does not understand is logged and dropped: retrying
 * cannot fix it. Whatever `consume` throws fails the invocation, so the event is delivered again.
 */
export function appointmentChangedConsumer<R>(job: JobDefinition, consume: (detail: AppointmentChangedDetail) => Promise<R>) {
  return jobHandler(job, async (event: Event): Promise<R | undefined> => {
    const parsed = appointmentChangedDetail.safeParse(event.detail);
    if (event['detail-type'] !== APPOINTMENT_CHANGED.detailType || !parsed.success) {
      logger.error('ignored an event that is not AppointmentChanged v1', { detailType: event['detail-type'], id: event.id });
      return undefined;
    }
    return consume(parsed.data);
  });
}
