import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface InvitePerson {
  name: string;
  email: string;
}

export interface InviteInput {
  method: 'REQUEST' | 'CANCEL';
  /** Grows with every change (the appointment's version), so calendars apply updates in order. */
  sequence: number;
  appointment: { id: string; title: string; description?: string; location?: string; meetingUrl?: string; startTime: string; endTime: string };
  organizer: InvitePerson;
  attendees: InvitePerson[];
  /** DTSTAMP: when this copy of the invite was made. */
  stamp: Date;
}

/** The same UID in every invite about one appointment: calendars update or remove THAT event. */
export const inviteUid = (appointmentId: string) => `${appointmentId}@booking`;

/**
 * An iCalendar (RFC 5545/5546) invite for one appointment (pure). Times are UTC instants, which
 * every calendar converts to its user's zone, across daylight-saving changes included. The
 * organizer is the product's sender; client and admin are attendees who already agreed, so no
 * RSVP is asked.
 */
export function buildInvite(input: InviteInput): string {
  const { appointment: a } = input;
  const calendar = ical({
    prodId: { company: 'Rendez-vous', product: 'booking', language: 'FR' },
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  calendar.createEvent({
    id: inviteUid(a.id),
    sequence: input.sequence,
    stamp: input.stamp,
    start: new Date(a.startTime),
    end: new Date(a.endTime),
    summary: a.title,
    description: [a.description, a.meetingUrl].filter(Boolean).join('\n\n') || undefined,
    location: a.location,
    url: a.meetingUrl,
    status: input.method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: input.attendees.map((person) => ({
      name: person.name,
      email: person.email,
      role: ICalAttendeeRole.REQ,
      ...(input.method === 'REQUEST' ? { status: ICalAttendeeStatus.ACCEPTED } : {}),
      rsvp: false,
    })),
  });
  return calendar.toString();
}
