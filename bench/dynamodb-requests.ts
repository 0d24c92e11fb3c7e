/**
 * Records the DynamoDB requests this process makes: an SDK middleware on the one client
 * (shared/db/client.ts) that every handler run by the local gateway in this process uses — the
 * idea of test/helpers/request-counter.ts, plus what each answer says it cost. Each request asks
 * DynamoDB for its consumed capacity (ReturnConsumedCapacity TOTAL, which changes nothing else),
 * and a Query's answer carries ScannedCount (items read before the filter) and Count (after it).
 * Counted at the `initialize` step: one entry per command sent, not per SDK retry.
 */
import { dynamoDb } from '../shared/db/client.ts';

export interface DynamoDbRequest {
  /** The low-level operation: GetItem, Query, BatchGetItem, TransactWriteItems… */
  operation: string;
  /** Query/Scan: items read before the filter expression, and items left after it. */
  scanned?: number;
  count?: number;
  /** BatchGetItem / BatchWriteItem: the keys or items asked for in this request. */
  keys?: number;
  /** Read + write capacity units DynamoDB reports for the request (when it reports any). */
  capacity?: number;
}

type Capacity = { CapacityUnits?: number } | undefined;

const capacityOf = (consumed: Capacity | Capacity[] | undefined) => {
  if (!consumed) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  const units = list.map((c) => c?.CapacityUnits).filter((u): u is number => typeof u === 'number');
  return units.length ? units.reduce((a, b) => a + b, 0) : undefined;
};

/**
 * Starts recording; `during(action)` returns the requests `action` made (callers run one action
 * at a time). `stop()` removes the middleware.
 */
export function recordDynamoDbRequests(name: string) {
  const seen: DynamoDbRequest[] = [];
  dynamoDb().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const entry: DynamoDbRequest = { operation: String(context.commandName).replace(/Command$/, '') };
      const batch = input.RequestItems as Record<string, { Keys?: unknown[] } | unknown[]> | undefined;
      if (batch) entry.keys = Object.values(batch).reduce<number>((sum, t) => sum + (Array.isArray(t) ? t.length : (t.Keys?.length ?? 0)), 0);
      seen.push(entry);
      const result = await next(args);
      const output = result.output as { ScannedCount?: number; Count?: number; ConsumedCapacity?: Capacity | Capacity[] };
      if (typeof output.ScannedCount === 'number') entry.scanned = output.ScannedCount;
      if (typeof output.Count === 'number') entry.count = output.Count;
      const capacity = capacityOf(output.ConsumedCapacity);
      if (capacity !== undefined) entry.capacity = capacity;
      return result;
    },
    { step: 'initialize', name },
  );
  return {
    async during<T>(action: () => Promise<T>): Promise<{ result: T; requests: DynamoDbRequest[] }> {
      seen.length = 0;
      const result = await action();
      return { result, requests: [...seen] };
    },
    stop() {
      dynamoDb().middlewareStack.remove(name);
    },
  };
}

/** "1 Query, 2 BatchGetItem" in order of first appearance. */
export function operationsText(requests: DynamoDbRequest[]): string {
  if (requests.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.operation, (counts.get(r.operation) ?? 0) + 1);
  return [...counts].map(([operation, n]) => `${n} ${operation}`).join(', ');
}

/** "1 Query, 3 BatchGetItem (100 + 2 + 4 keys)": each batch operation with the size of each request. */
export function operationsWithKeys(requests: DynamoDbRequest[]): string {
  if (requests.length === 0) return 'none';
  const groups = new Map<string, DynamoDbRequest[]>();
  for (const r of requests) groups.set(r.operation, [...(groups.get(r.operation) ?? []), r]);
  return [...groups]
    .map(([operation, list]) => {
      const keys = list.filter((r) => r.keys !== undefined).map((r) => r.keys!);
      const total = keys.reduce((a, b) => a + b, 0);
      return `${list.length} ${operation}${keys.length ? ` (${keys.join(' + ')} ${total === 1 ? 'key' : 'keys'})` : ''}`;
    })
    .join(', ');
}

/** The same operations, whatever their order (parallel requests finish in any order). */
export function sameOperations(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
