import { describe, expect, it } from 'vitest';
import { queryAppointments } from './appointments.ts';
import { busyBlocksOverlapping } from './busy-blocks.ts';
import { toUtcInstant, utcBound } from './instants.ts';
import { db } from './service.ts';

describe('instants at the table boundary', () => {
  it('every write stores appointment times in UTC Z form, keys included, whatever offset the caller wrote', () => {
    const { Item } = db()
      .entities.appointment.put({
        id: 'a1',
        userId: 'u1',
        assignedAdminId: 'admin-1',
        title: 't',
        startTime: '2027-01-04T09:00:00.000+01:00',
        endTime: '2027-01-04T10:00:00+01:00',
        proposedTimes: [{ startTime: '2027-01-04T09:00:00.000+01:00', endTime: '2027-01-04T10:00:00.000+01:00' }],
        createdBy: 'u1',
      })
      .params() as { Item: Record<string, unknown> };
    expect(Item).toMatchObject({
      startTime: '2027-01-04T08:00:00.000Z',
      endTime: '2027-01-04T09:00:00.000Z',
      proposedTimes: [{ startTime: '2027-01-04T08:00:00.000Z', endTime: '2027-01-04T09:00:00.000Z' }],
    });
    // The range indexes sort by the stored text: their keys carry the UTC form too.
    for (const key of ['gsi1sk', 'gsi2sk', 'gsi3sk']) expect(Item[key]).toMatch(/2027-01-04T08:00:00\.000Z$/);
    const patch = db().entities.appointment.patch({ id: 'a1' }).set({ startTime: '2027-01-04T11:00:00+01:00' }).params() as { ExpressionAttributeValues: Record<string, unknown> };
    expect(Object.values(patch.ExpressionAttributeValues)).toContain('2027-01-04T10:00:00.000Z');
  });

  it('busy blocks and event links are stored in UTC Z form too', () => {
    const busy = db().entities.busyBlock.put({ connectionId: 'c', externalId: 'e', ownerId: 'o', startTime: '2027-01-04T09:00:00-05:00', endTime: '2027-01-04T10:00:00-05:00' }).params() as { Item: Record<string, unknown> };
    expect(busy.Item).toMatchObject({ startTime: '2027-01-04T14:00:00.000Z', endTime: '2027-01-04T15:00:00.000Z', gsi2sk: expect.stringContaining('2027-01-04T14:00:00.000Z') });
    const link = db().entities.eventLink.put({ connectionId: 'c', appointmentId: 'a', externalId: 'e', pushedVersion: 1, startTime: '2027-01-04T09:00:00+01:00', endTime: '2027-01-04T10:00:00+01:00', pushedAt: '2027-01-04T07:00:00Z' }).params() as { Item: Record<string, unknown> };
    expect(link.Item).toMatchObject({ startTime: '2027-01-04T08:00:00.000Z', endTime: '2027-01-04T09:00:00.000Z' });
  });

  it('toUtcInstant keeps the instant and refuses a time without a zone (it would read the server clock’s zone)', () => {
    expect(toUtcInstant('2027-01-04T09:00:00.000+01:00')).toBe('2027-01-04T08:00:00.000Z');
    expect(toUtcInstant('2027-01-04T08:00:00.000Z')).toBe('2027-01-04T08:00:00.000Z');
    expect(() => toUtcInstant('2027-01-04T09:00:00')).toThrow(/zone/);
    expect(() => toUtcInstant('soon')).toThrow();
  });

  it('range queries refuse a bound that is not in the stored form: text order is time order only then', async () => {
    expect(utcBound('2027-01-04T08:00:00.000Z', 'from')).toBe('2027-01-04T08:00:00.000Z');
    expect(() => utcBound('2027-01-04T09:00:00.000+01:00', 'from')).toThrow(/from .*not a UTC instant/);
    // Without milliseconds "…:00Z" sorts after "…:00.000Z" of the same second: refused as well.
    expect(() => utcBound('2027-01-04T08:00:00Z', 'to')).toThrow(/to .*not a UTC instant/);
    await expect(busyBlocksOverlapping('2027-01-04T00:00:00.000+01:00', '2027-01-05T00:00:00.000Z')).rejects.toThrow(/not a UTC instant/);
    await expect(queryAppointments({ index: 'byTime' }, { endDate: '2027-01-05T00:00:00+01:00' }, { limit: 10 })).rejects.toThrow(/not a UTC instant/);
  });
});
