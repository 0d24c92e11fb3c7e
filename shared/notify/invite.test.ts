import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvite, inviteUid } from './invite.ts';

/** Parses with ical.js (Mozilla's iCalendar library), as a calendar would. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    startIsUtc: event.startDate.zone?.tzid === 'UTC',
    summary: event.summary,
    location: event.location,
    status: vevent.getFirstPropertyValue('status'),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
  };
}

const appointment = {
  id: '9b2c7d1e-0000-4000-8000-000000000001',
  title: 'Bilan, suite; et « fin »',
  description: 'Ligne 1\nLigne 2',
  location: 'Paris',
  meetingUrl: 'https://meet.example.com/abc',
  startTime: '2026-10-23T08:00:00.000Z',
  endTime: '2026-10-23T09:00:00.000Z',
};
const people = {
  organizer: { name: 'Rendez-vous', email: 'no-reply@example.com' },
  attendees: [
    { name: 'Jean Dupont', email: 'jean@example.com' },
    { name: 'Alice Martin', email: 'alice@example.com' },
  ],
};

describe('calendar invites', () => {
  it('a REQUEST parses back with its UID, SEQUENCE, UTC times, organizer and attendees', () => {
    const parsed = parse(buildInvite({ method: 'REQUEST', sequence: 2, appointment, ...people, stamp: new Date('2026-10-01T00:00:00Z') }));
    expect(parsed).toEqual({
      method: 'REQUEST',
      uid: `${appointment.id}@booking`,
      sequence: 2,
      start: '2026-10-23T08:00:00.000Z',
      end: '2026-10-23T09:00:00.000Z',
      startIsUtc: true,
      summary: appointment.title,
      location: 'Paris',
      status: 'CONFIRMED',
      organizer: 'mailto:no-reply@example.com',
      attendees: ['mailto:jean@example.com', 'mailto:alice@example.com'],
    });
  });

  it('keeps the UID across a move over the end of summer time (Paris, 2026-10-25) with the right instants', () => {
    // 10:00 in Paris is 08:00Z before the change (CEST) and 09:00Z after it (CET).
    const moved = { ...appointment, startTime: '2026-10-27T09:00:00.000Z', endTime: '2026-10-27T10:00:00.000Z' };
    const parsed = parse(buildInvite({ method: 'REQUEST', sequence: 3, appointment: moved, ...people, stamp: new Date() }));
    expect(parsed).toMatchObject({ uid: inviteUid(appointment.id), sequence: 3, start: '2026-10-27T09:00:00.000Z' });
  });

  it('a CANCEL names the same event, cancelled', () => {
    const parsed = parse(buildInvite({ method: 'CANCEL', sequence: 4, appointment, ...people, stamp: new Date() }));
    expect(parsed).toMatchObject({ method: 'CANCEL', uid: inviteUid(appointment.id), sequence: 4, status: 'CANCELLED' });
  });
});
