import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { APPOINTMENT_CHANGED, appointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { logger } from '../../shared/logger.ts';
import { notifyAppointmentChanged } from '../../shared/notify/notify-change.ts';
import type { DeliveryReport } from '../../shared/notify/deliver.ts';

type Event = EventBridgeEvent<string, unknown>;

/**
 * The AppointmentChanged consumer (functions/routes.ts `jobs`). A failed send makes the
 * invocation fail, so Lambda's asynchronous retries (the local bus does the same) deliver the
 * event again; what was already sent is skipped by its marker.
 */
export const handler = middy<Event, DeliveryReport | undefined>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const parsed = appointmentChangedDetail.safeParse(event.detail);
    if (event['detail-type'] !== APPOINTMENT_CHANGED.detailType || !parsed.success) {
      // Retrying cannot fix an event this version does not understand: log it and move on.
      logger.error('ignored an event that is not AppointmentChanged v1', { detailType: event['detail-type'], id: event.id });
      return undefined;
    }
    const report = await notifyAppointmentChanged(parsed.data);
    logger.info('appointment notifications', { appointmentId: parsed.data.appointmentId, change: parsed.data.change, ...report });
    if (report.failed > 0) throw new Error(`${report.failed} notification(s) of ${parsed.data.appointmentId} failed; the event will be retried`);
    return report;
  });
