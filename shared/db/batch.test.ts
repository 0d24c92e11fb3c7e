import { describe, expect, it } from 'vitest';
import { batchGetAll } from './batch.ts';

describe('batchGetAll', () => {
  it('asks again for the keys DynamoDB left unprocessed until every key was answered', async () => {
    const asked: string[][] = [];
    // What ElectroDB returns when DynamoDB processes only the first key of each request.
    const get = async (keys: Array<{ id: string }>) => {
      asked.push(keys.map((k) => k.id));
      const [first, ...rest] = keys;
      return { data: first ? [{ id: first.id, name: `user ${first.id}` }] : [], unprocessed: rest };
    };
    const items = await batchGetAll(get, [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(asked).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('makes one request when nothing is left unprocessed, and none for no keys', async () => {
    let calls = 0;
    const get = async (keys: Array<{ id: string }>) => {
      calls++;
      return { data: keys, unprocessed: [] };
    };
    expect(await batchGetAll(get, [{ id: 'a' }])).toEqual([{ id: 'a' }]);
    expect(await batchGetAll(get, [])).toEqual([]);
    expect(calls).toBe(1);
  });
});
