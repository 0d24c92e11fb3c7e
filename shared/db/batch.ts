import { config } from '../config.ts';
import { documentSdk, dynamoDb } from './client.ts';

/**
 * Every item of an ElectroDB batch get. ElectroDB hands back what DynamoDB left unprocessed
 * (throttling, the 16 MB answer limit) instead of asking again, so a caller that ignored it would
 * silently miss items; this asks again for those, backing off, until every key was answered.
 */
export async function batchGetAll<K, T>(get: (keys: K[]) => Promise<{ data: T[]; unprocessed: unknown[] }>, keys: K[]): Promise<T[]> {
  const items: T[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt) * Math.random()));
    const { data, unprocessed } = await get(pending);
    items.push(...data);
    // ElectroDB returns unprocessed keys as the composite attributes it was given.
    pending = unprocessed as K[];
  }
  return items;
}

export type TableKey = { pk: string; sk: string };

/**
 * The items of up to 100 raw table keys of any entities in one BatchGetItem (asked again for what
 * DynamoDB leaves unprocessed, as batchGetAll does); missing items are simply absent.
 */
export async function batchGetKeys(keys: TableKey[]): Promise<Array<Record<string, unknown>>> {
  const table = config().TABLE_NAME;
  return batchGetAll(async (pending: TableKey[]) => {
    const result = await dynamoDb().send(new documentSdk.BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
    return { data: result.Responses?.[table] ?? [], unprocessed: (result.UnprocessedKeys?.[table]?.Keys as TableKey[] | undefined) ?? [] };
  }, keys);
}
