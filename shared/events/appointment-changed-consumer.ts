import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '../logger.ts';
import { loadSecrets } from '../secrets.ts';
import { APPOINTMENT_CHANGED, appointmentChangedDetail, type AppointmentChangedDetail } from './appointment-changed.ts';

type Event = EventBridgeEvent<string, unknown>;

/**
 * The Lambda chain of every AppointmentChanged consumer (the `jobs` of functions/routes.ts with
 * that trigger): request id in the logs, secrets loaded, and the event checked against the
 * versioned contract. An event this version does not understand is logged and dropped: retrying
 * cannot fix it. Whatever `consume` throws fails the invocation, so the event is delivered again.
 */
export function appointmentChangedConsumer<R>(consume: (detail: AppointmentChangedDetail) => Promise<R>) {
  return middy<Event, R | undefined>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ before: () => loadSecrets() })
    .handler(async (event) => {
      const parsed = appointmentChangedDetail.safeParse(event.detail);
      if (event['detail-type'] !== APPOINTMENT_CHANGED.detailType || !parsed.success) {
        logger.error('ignored an event that is not AppointmentChanged v1', { detailType: event['detail-type'], id: event.id });
        return undefined;
      }
      return consume(parsed.data);
    });
}
