import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from './service.ts';
import { tableDefinition } from './table.ts';

const entities = Object.entries(db().entities);
const indexesOf = (entity: (typeof entities)[number][1]) =>
  Object.entries((entity.schema as unknown as { indexes: Record<string, { index?: string; pk: { field: string }; sk: { field: string } }> }).indexes);

describe('the single-table model', () => {
  it('uses only the keys and indexes the table defines', () => {
    const fields = new Map<string | undefined, [string, string]>([
      [undefined, [tableDefinition.partitionKey, tableDefinition.sortKey]],
      ...tableDefinition.globalIndexes.map((i) => [i.indexName, [i.partitionKey, i.sortKey]] as [string, [string, string]]),
    ]);
    for (const [name, entity] of entities) {
      for (const [indexName, index] of indexesOf(entity)) {
        expect(fields.has(index.index), `${name}.${indexName} uses unknown index ${index.index}`).toBe(true);
        expect([index.pk.field, index.sk.field], `${name}.${indexName}`).toEqual(fields.get(index.index));
      }
    }
  });

  it('is documented index by index in docs/ACCESS_PATTERNS.md', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../../docs/ACCESS_PATTERNS.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `(\w+\.\w+)` \|/gm)].map((m) => m[1]));
    const actual = new Set(entities.flatMap(([name, entity]) => indexesOf(entity).map(([indexName]) => `${name}.${indexName}`)));
    expect([...documented].sort()).toEqual([...actual].sort());
  });

  it('keeps entities that share a partition apart by their sort-key prefix', () => {
    const put = (entity: string, item: Record<string, unknown>) =>
      (db().entities as unknown as Record<string, { put(i: unknown): { params(): { Item: Record<string, string> } } }>)[entity]!
        .put(item)
        .params().Item;
    const start = '2026-03-29T08:00:00.000Z';
    const appointment = put('appointment', { id: 'a1', userId: 'u1', title: 't', startTime: start, endTime: start, createdBy: 'u1' });
    const busy = put('busyBlock', { connectionId: 'c1', externalId: 'e1', ownerId: 'u1', startTime: start, endTime: start });
    expect(appointment.gsi2pk).toBe(busy.gsi2pk);
    expect(appointment.gsi2sk).not.toBe(busy.gsi2sk);
    // ISO instants sort as strings: the time keys must keep their case and order.
    expect(appointment.gsi2sk).toContain(start);
  });
});
