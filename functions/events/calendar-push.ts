import { calendarPeople, pushAppointment } from '../../shared/calendar/push.ts';
import { appointmentChangedConsumer } from '../../shared/events/appointment-changed-consumer.ts';
import { jobs } from '../jobs.ts';

/**
 * The AppointmentChanged consumer that keeps connected calendars in line (docs/CALENDAR_SYNC.md
 * "Push"). A failure fails the invocation, so the event is delivered again (EventBridge retries,
 * then the dead-letter queue); the scheduled sync's repair pass catches anything left behind.
 */
export const handler = appointmentChangedConsumer(jobs['calendar-push'], async ({ appointmentId, before }) => {
  await pushAppointment(appointmentId, calendarPeople(before as { userId: string; assignedAdminId?: string } | null));
});
