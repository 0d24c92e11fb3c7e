import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { recordHistory } from '../../shared/db/history.ts';
import { historyRecordOf } from '../../shared/domain/appointments/history.ts';
import { APPOINTMENT_CHANGED, appointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { logger } from '../../shared/logger.ts';

type Event = EventBridgeEvent<string, unknown>;

export interface HistoryReport {
  recorded: boolean;
}

/**
 * The AppointmentChanged consumer that keeps each appointment's status history (functions/routes.ts
 * `jobs`): one entry per change, keyed by (appointment, occurredAt, version), so a redelivered
 * event writes nothing. A failed write fails the invocation and the event is delivered again.
 */
export const handler = middy<Event, HistoryReport | undefined>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const parsed = appointmentChangedDetail.safeParse(event.detail);
    if (event['detail-type'] !== APPOINTMENT_CHANGED.detailType || !parsed.success) {
      logger.error('ignored an event that is not AppointmentChanged v1', { detailType: event['detail-type'], id: event.id });
      return undefined;
    }
    const record = historyRecordOf(parsed.data);
    if (!record) {
      logger.error('ignored an AppointmentChanged without an appointment version', { appointmentId: parsed.data.appointmentId });
      return undefined;
    }
    const recorded = await recordHistory(record);
    logger.info('appointment history', { appointmentId: record.appointmentId, version: record.version, change: record.change, recorded });
    return { recorded };
  });
