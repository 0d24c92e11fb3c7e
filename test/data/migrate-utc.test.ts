/**
 * The UTC migration (local/migrate-utc.ts) against DynamoDB Local, on a table of its own: items
 * written in the old demo seed's form (`+01:00`, and another offset) come out in UTC `Z` form with
 * their index keys, and availability stops offering the time they hold.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateInstantsToUtc } from '../../local/migrate-utc.ts';
import { ensureTable } from '../../local/table.ts';
import { resetConfig } from '../../shared/config.ts';
import { publicAvailability } from '../../shared/db/availability.ts';
import { dynamoDb } from '../../shared/db/client.ts';
import { db } from '../../shared/db/service.ts';

beforeAll(async () => {
  // A fresh table: the migration scans the whole table, and others' items are none of its business.
  process.env.TABLE_NAME = `migrate-utc-${randomUUID()}`;
  await ensureTable(inject('env').DYNAMODB_ENDPOINT!, process.env.TABLE_NAME);
  resetConfig();
});

const ZONE = 'Europe/Paris';
const adminId = randomUUID();
// Monday 2027-01-04, Paris (UTC+1): 09:00 Paris = 08:00Z, 11:00 Paris = 10:00Z.
const NOW = '2026-12-28T00:00:00.000Z';

/**
 * An appointment item as an old writer stored it: ElectroDB's own item (keys included), with each
 * instant and the keys built from it in the offset form that writer used.
 */
async function putLegacyAppointment(start: { utc: string; written: string }, end: { utc: string; written: string }) {
  const id = randomUUID();
  const { Item } = db()
    .entities.appointment.put({
      id,
      userId: randomUUID(),
      assignedAdminId: adminId,
      title: 'Seeded',
      startTime: start.utc,
      endTime: end.utc,
      timezone: ZONE,
      status: 'confirmed',
      createdBy: adminId,
    })
    .params() as { Item: Record<string, unknown> };
  const legacy = Object.fromEntries(
    Object.entries(Item).map(([field, value]) => [field, typeof value === 'string' ? value.replace(start.utc, start.written).replace(end.utc, end.written) : value]),
  );
  expect(legacy).toMatchObject({ startTime: start.written, gsi3sk: expect.stringContaining(start.written) });
  await dynamoDb().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: legacy }));
  return id;
}

/** Local start times offered for one admin over [from, to). */
async function offered(from: string, to: string) {
  const { slots } = await publicAvailability({ from, to, now: NOW, timezone: ZONE, adminId });
  return slots.map((slot) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(slot.startTime)));
}

describe('migrate-utc', () => {
  it('rewrites offset instants and their index keys to UTC, page by page, idempotently; availability then sees the bookings', async () => {
    await db()
      .entities.appointmentSlot.put({ id: randomUUID(), userId: adminId, dayOfWeek: 1, startTime: '09:00', endTime: '12:00', duration: 60, bufferBefore: 0, bufferAfter: 0, maxAppointments: 1, isActive: true, timezone: ZONE })
      .go();
    // The old demo seed's form, and a negative offset: "…T05:00:00.000-05:00" sorts before
    // "…T06:00:00.000Z" as text although it ends at 11:00Z, so a range query misses it.
    const seeded = await putLegacyAppointment({ utc: '2027-01-04T08:00:00.000Z', written: '2027-01-04T09:00:00.000+01:00' }, { utc: '2027-01-04T09:00:00.000Z', written: '2027-01-04T10:00:00.000+01:00' });
    const imported = await putLegacyAppointment({ utc: '2027-01-04T10:00:00.000Z', written: '2027-01-04T05:00:00.000-05:00' }, { utc: '2027-01-04T11:00:00.000Z', written: '2027-01-04T06:00:00.000-05:00' });
    // Already in stored form: left alone.
    const current = randomUUID();
    await db().entities.appointment.put({ id: current, userId: randomUUID(), title: 'Current', startTime: '2027-01-05T08:00:00.000Z', endTime: '2027-01-05T09:00:00.000Z', createdBy: adminId }).go();
    const { data: currentBefore } = await db().entities.appointment.get({ id: current }).go();

    // Before: the 11:00 booking is invisible to a query starting at its own start (as a booking's check is).
    expect(await offered('2027-01-04T10:00:00.000Z', '2027-01-04T11:00:00.000Z')).toEqual(['11:00']);

    const report = await migrateInstantsToUtc({ pageSize: 1 });
    expect(report).toEqual({ scanned: 3, rewritten: 2, changedMeanwhile: 0, failed: [] });

    for (const [id, start, end] of [
      [seeded, '2027-01-04T08:00:00.000Z', '2027-01-04T09:00:00.000Z'],
      [imported, '2027-01-04T10:00:00.000Z', '2027-01-04T11:00:00.000Z'],
    ] as const) {
      const { data } = await db().entities.appointment.get({ id }).go();
      expect(data).toMatchObject({ startTime: start, endTime: end, status: 'confirmed', version: 1 });
      // The range indexes find it by its UTC start.
      const { data: found } = await db().entities.appointment.query.byAdmin({ assignedAdminId: adminId }).between({ startTime: start }, { startTime: start }).go();
      expect(found.map((item) => item.id)).toEqual([id]);
    }
    expect((await db().entities.appointment.get({ id: current }).go()).data).toEqual(currentBefore);

    expect(await offered('2027-01-04T10:00:00.000Z', '2027-01-04T11:00:00.000Z')).toEqual([]);
    expect(await offered('2027-01-03T23:00:00.000Z', '2027-01-04T23:00:00.000Z')).toEqual(['10:00']);

    // Again: nothing left to do.
    expect(await migrateInstantsToUtc({ pageSize: 2 })).toEqual({ scanned: 3, rewritten: 0, changedMeanwhile: 0, failed: [] });
  });
});
