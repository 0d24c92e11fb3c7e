import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { resetConfig } from '../shared/config.ts';
import { db } from '../shared/db/service.ts';
import { seedDemoData } from './seed.ts';
import { ensureTable } from './table.ts';

// A table of its own: other test files create profiles in the shared one.
const tableName = `seed-${randomUUID()}`;
const now = new Date('2026-11-24T09:00:00Z');

beforeAll(async () => {
  await ensureTable(inject('env').DYNAMODB_ENDPOINT!, tableName);
  process.env.TABLE_NAME = tableName;
  resetConfig();
});

describe('demo data', () => {
  it('seeds profiles, products, slots and appointments in every status, then keeps them on a restart', async () => {
    const ids = inject('demoUserIds');
    expect(await seedDemoData(ids, now)).toBe('seeded');

    const admin = await db().entities.user.get({ id: ids['admin@example.com'] }).go();
    expect(admin.data).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    const jean = await db().entities.user.get({ id: ids['jean.dupont@example.com'] }).go();
    expect(jean.data).toMatchObject({ firstName: 'Jean', lastName: 'Dupont', role: 'client' });

    const products = await db().entities.product.query.all({}).go();
    expect(products.data.map((p) => p.name).sort()).toEqual(['Consultation approfondie', 'Consultation initiale']);
    const slots = await db().entities.appointmentSlot.query.byOwner({ userId: ids['admin@example.com'] }).go();
    expect(slots.data).toHaveLength(10);

    const { data: appointments } = await db().entities.appointment.query.byTime({}).go({ pages: 'all' });
    expect(new Set(appointments.map((a) => a.status))).toEqual(new Set(['pending', 'confirmed', 'cancelled', 'completed', 'no_show']));
    const months = new Set(appointments.map((a) => a.startTime.slice(0, 7)));
    expect(months).toContain('2026-11');
    expect(months).toContain('2026-12');
    const pendingForClient = appointments.filter((a) => a.status === 'pending' && a.userId === ids['client@example.com']);
    expect(pendingForClient.length).toBeGreaterThanOrEqual(2);
    // Past statuses are in the past, future ones in the future.
    for (const a of appointments) {
      if (a.status === 'completed' || a.status === 'no_show') expect(a.startTime < now.toISOString()).toBe(true);
      if (a.status === 'pending') expect(a.startTime > now.toISOString()).toBe(true);
      expect(Date.parse(a.endTime)).toBeGreaterThan(Date.parse(a.startTime));
    }

    expect(await seedDemoData(ids, now)).toBe('kept');
    const again = await db().entities.appointment.query.byTime({}).go({ pages: 'all' });
    expect(again.data).toHaveLength(appointments.length);
  });
});
