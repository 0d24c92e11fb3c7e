import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/table.ts';
import { resetConfig } from '../config.ts';
import { FILTERED_READ_BUDGET, queryAppointments, type AppointmentItem } from './appointments.ts';
import { db } from './service.ts';

/**
 * A filtered page (status, type, search) reads on until it has its matches, but never more than
 * FILTERED_READ_BUDGET items in one call: beyond that it answers what it found and a cursor.
 */
const HOUR = 3_600_000;
const START = Date.UTC(2031, 0, 6, 8);

/** `count` appointments of one new client, an hour apart; `status(k)` says each one's status. */
async function clientWith(count: number, status: (k: number) => AppointmentItem['status']) {
  const userId = randomUUID();
  const items = Array.from({ length: count }, (_, k) => ({
    id: randomUUID(),
    userId,
    title: `Séance ${k}`,
    status: status(k),
    startTime: new Date(START + k * HOUR).toISOString(),
    endTime: new Date(START + k * HOUR + HOUR / 2).toISOString(),
    createdBy: userId,
  }));
  const { unprocessed } = await db().entities.appointment.put(items).go({ concurrency: 6 });
  expect(unprocessed).toEqual([]);
  return { userId, items };
}

async function allPages(userId: string, status: AppointmentItem['status'], limit: number) {
  const pages: AppointmentItem[][] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAppointments({ index: 'byOwner', userId }, { status }, { limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('a filtered page of appointments', () => {
  let scarce: Awaited<ReturnType<typeof clientWith>>;
  beforeAll(async () => {
    // A table of its own: thousands of appointments in the shared one would push other files'
    // searches past the budget of their first page.
    process.env.TABLE_NAME = `filtered-page-${randomUUID()}`;
    await ensureTable(inject('env').DYNAMODB_ENDPOINT!, process.env.TABLE_NAME);
    resetConfig();
    // Past the budget: every appointment confirmed but the very last one, cancelled.
    scarce = await clientWith(FILTERED_READ_BUDGET + 200, (k) => (k === FILTERED_READ_BUDGET + 199 ? 'cancelled' : 'confirmed'));
  }, 120_000);

  it('stops reading at the budget when matches are scarce, and the cursor leads on to them', async () => {
    const pages = await allPages(scarce.userId, 'cancelled', 50);
    // The first call read its budget and found nothing: an empty page with a cursor, not a timeout.
    expect(pages[0]).toEqual([]);
    expect(pages.flat().map((a) => a.title)).toEqual([`Séance ${FILTERED_READ_BUDGET + 199}`]);
    expect(pages.length).toBe(2);
  });

  it('cut inside a request, a page ends at its last match and the next starts right after it: nothing twice, nothing skipped', async () => {
    const { userId, items } = await clientWith(400, (k) => (k % 3 === 0 ? 'cancelled' : 'confirmed'));
    const pages = await allPages(userId, 'cancelled', 25);
    const expected = items.filter((a) => a.status === 'cancelled').map((a) => a.id);
    expect(pages.flat().map((a) => a.id)).toEqual(expected);
    // 134 matches: five full pages of 25 and the rest.
    expect(pages.map((p) => p.length).slice(0, 6)).toEqual([25, 25, 25, 25, 25, 9]);
  });
});
