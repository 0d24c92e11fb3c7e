import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { calendarPeople, pushAppointment } from '../../shared/calendar/push.ts';
import { APPOINTMENT_CHANGED, appointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { logger } from '../../shared/logger.ts';

type Event = EventBridgeEvent<string, unknown>;

/**
 * The AppointmentChanged consumer that keeps connected calendars in line (docs/CALENDAR_SYNC.md
 * "Push"). A failure fails the invocation, so the event is delivered again (EventBridge retries,
 * then the dead-letter queue); the scheduled sync's repair pass catches anything left behind.
 */
export const handler = middy<Event, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use({ before: () => loadSecrets() })
  .handler(async (event) => {
    const parsed = appointmentChangedDetail.safeParse(event.detail);
    if (event['detail-type'] !== APPOINTMENT_CHANGED.detailType || !parsed.success) {
      logger.error('ignored an event that is not AppointmentChanged v1', { detailType: event['detail-type'], id: event.id });
      return;
    }
    const { appointmentId, before } = parsed.data;
    await pushAppointment(appointmentId, calendarPeople(before as { userId: string; assignedAdminId?: string } | null));
  });
