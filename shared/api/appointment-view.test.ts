import { describe, expect, it } from 'vitest';
import type { AppointmentItem } from '../db/appointments.ts';
import { appointmentView } from './appointment-view.ts';

const stored = {
  id: 'a1',
  userId: 'c1',
  title: 'Consultation',
  startTime: '2030-01-01T10:00:00.000Z',
  endTime: '2030-01-01T11:00:00.000Z',
  timezone: 'Europe/Paris',
  status: 'pending',
  type: 'free',
  price: 0,
  currency: 'EUR',
  isPaid: false,
  syncToCalendar: true,
  adminCapacity: 2,
  bufferBefore: 10,
  searchText: 'consultation',
  notes: 'internal',
  createdBy: 'c1',
  createdAt: '2029-12-01T10:00:00.000Z',
  updatedAt: '2029-12-01T10:00:00.000Z',
  version: 3,
  externalChange: { kind: 'moved', provider: 'google', email: 'a@example.com', detectedAt: '2029-12-02T10:00:00.000Z', atVersion: 3 },
  // An attribute added to the entity later: private until a view lists it.
  futureSecret: 'never shown',
} as unknown as AppointmentItem;

describe('appointmentView (allow-lists per audience)', () => {
  it('shows a client only the listed fields: no notes, bookkeeping, calendar change or unlisted attribute', () => {
    const view = appointmentView(stored, { isAdmin: false }) as Record<string, unknown>;
    expect(view).toMatchObject({ id: 'a1', title: 'Consultation', awaiting: 'admin', version: 3 });
    for (const hidden of ['notes', 'searchText', 'adminCapacity', 'bufferBefore', 'externalChange', 'futureSecret']) expect(view, hidden).not.toHaveProperty(hidden);
  });

  it('shows admins the notes and a calendar change of the current version, still nothing unlisted', () => {
    const view = appointmentView(stored, { isAdmin: true }) as Record<string, unknown>;
    expect(view).toMatchObject({ notes: 'internal', externalChange: { kind: 'moved', atVersion: 3 } });
    expect(view).not.toHaveProperty('futureSecret');
    expect(appointmentView({ ...stored, version: 4 }, { isAdmin: true })).not.toHaveProperty('externalChange');
  });
});
