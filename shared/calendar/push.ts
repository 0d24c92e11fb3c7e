import { getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { deleteLink, getLink, listConnections, putLink, type ConnectionItem, type EventLinkItem } from '../db/connections.ts';
import { logger } from '../logger.ts';
import type { EventContent } from './provider.ts';
import { CalendarSession, ReconnectRequired } from './session.ts';

/** Statuses whose appointment takes time in the calendars; cancelled and no-show ones are removed. */
const SHOWN = new Set<AppointmentItem['status']>(['pending', 'confirmed', 'completed']);

/** The people whose calendars show an appointment: its owner and its assigned admin. */
export function calendarPeople(appointment: Pick<AppointmentItem, 'userId' | 'assignedAdminId'> | null | undefined): string[] {
  return appointment ? [appointment.userId, appointment.assignedAdminId].filter((id): id is string => Boolean(id)) : [];
}

/** Whether `userId`'s calendars should hold this appointment. */
export function belongsInCalendarOf(appointment: AppointmentItem | null, userId: string): appointment is AppointmentItem {
  return Boolean(appointment && appointment.syncToCalendar && SHOWN.has(appointment.status) && calendarPeople(appointment).includes(userId));
}

export function eventContent(appointment: AppointmentItem): EventContent {
  return {
    appointmentId: appointment.id,
    version: appointment.version,
    title: appointment.title,
    description: appointment.description,
    location: appointment.location,
    meetingUrl: appointment.meetingUrl,
    startTime: appointment.startTime,
    endTime: appointment.endTime,
    timezone: appointment.timezone,
    tentative: appointment.status === 'pending',
  };
}

export const syncable = (connection: ConnectionItem) => connection.isActive && connection.status !== 'needs_reauth';

/**
 * Brings one connected calendar in line with one appointment: creates or updates its event, or
 * deletes it. Skips what was already pushed at this version, so repeated events cost nothing.
 * Returns whether a provider was called.
 */
export async function pushToConnection(session: CalendarSession, appointment: AppointmentItem | null, appointmentId: string, link?: EventLinkItem | null): Promise<boolean> {
  const { connection } = session;
  link = link === undefined ? await getLink(connection.id, appointmentId) : link;
  if (belongsInCalendarOf(appointment, connection.userId)) {
    if (link && link.pushedVersion >= appointment.version) return false;
    const content = eventContent(appointment);
    const externalId = await session.call((token) => session.api.upsertEvent(token, connection.calendarId, link?.externalId, content));
    await putLink({
      connectionId: connection.id,
      appointmentId,
      externalId,
      pushedVersion: appointment.version,
      startTime: appointment.startTime,
      endTime: appointment.endTime,
      pushedAt: new Date().toISOString(),
    });
    return true;
  }
  if (!link) return false;
  await session.call((token) => session.api.deleteEvent(token, connection.calendarId, link.externalId));
  await deleteLink(connection.id, appointmentId);
  return true;
}

/**
 * The calendar push of one AppointmentChanged: every active connection of the people the
 * appointment concerns now or concerned before the change (a reassigned admin loses the event).
 * The appointment is read from the table, not from the event, so late or repeated events push the
 * current state. One connection's failure does not stop the others; it is thrown at the end so
 * that the event is delivered again (what was pushed meanwhile is skipped by its version).
 */
export async function pushAppointment(appointmentId: string, peopleBefore: readonly string[]): Promise<void> {
  const appointment = await getAppointment(appointmentId);
  const people = [...new Set([...peopleBefore, ...calendarPeople(appointment)])];
  const failures: Error[] = [];
  for (const userId of people) {
    for (const connection of (await listConnections(userId)).filter(syncable)) {
      try {
        await pushToConnection(new CalendarSession(connection), appointment, appointmentId);
      } catch (error) {
        // A connection that must be reconnected is marked so; its events are repaired after that.
        if (error instanceof ReconnectRequired) continue;
        logger.warn('calendar push failed', { appointmentId, connectionId: connection.id, provider: connection.provider, error: error as Error });
        failures.push(error as Error);
      }
    }
  }
  if (failures.length) throw new Error(`Calendar push of ${appointmentId} failed for ${failures.length} connection(s): ${failures[0]!.message}`);
}
