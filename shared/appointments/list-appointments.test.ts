import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/table.ts';
import { resetConfig } from '../config.ts';
import { db } from '../db/service.ts';
import { InvalidInput } from '../errors.ts';
import { everyTeamAppointment } from './list-appointments.ts';

const HOUR = 3_600_000;
const DAY = { startDate: '2031-03-04T00:00:00.000Z', endDate: '2031-03-04T23:59:59.999Z' };

describe('every appointment of the admin list (the CSV export, the dashboard)', () => {
  beforeAll(async () => {
    // A table of its own: the day holds exactly the appointments written here.
    process.env.TABLE_NAME = `every-team-appointment-${randomUUID()}`;
    await ensureTable(inject('env').DYNAMODB_ENDPOINT!, process.env.TABLE_NAME);
    resetConfig();
    const userId = randomUUID();
    const start = Date.parse(DAY.startDate) + 8 * HOUR;
    const items = Array.from({ length: 5 }, (_, k) => ({
      id: randomUUID(),
      userId,
      title: `Séance ${k}`,
      status: 'confirmed' as const,
      startTime: new Date(start + k * HOUR).toISOString(),
      endTime: new Date(start + k * HOUR + HOUR / 2).toISOString(),
      createdBy: userId,
    }));
    const { unprocessed } = await db().entities.appointment.put(items).go();
    expect(unprocessed).toEqual([]);
  });

  it('answers every row while they are within the bound', async () => {
    expect(await everyTeamAppointment(DAY, 5)).toHaveLength(5);
  });

  it('refuses more rows than one answer can carry, in words an admin can read (no field names)', async () => {
    const refusal = everyTeamAppointment(DAY, 4);
    await expect(refusal).rejects.toBeInstanceOf(InvalidInput);
    await expect(refusal).rejects.toThrow('More than 4 appointments match the filters');
  });
});
