/**
 * One-off migration: rewrites stored instants written with an offset (the old demo seed wrote
 * `2027-01-04T09:00:00.000+01:00`) to the UTC `Z` form every write path now stores
 * (shared/db/instants.ts), together with the index keys built from them, so that range queries
 * (which compare text) see them in time order.
 *
 *     npx tsx local/migrate-utc.ts            # the configured table (TABLE_NAME, DYNAMODB_ENDPOINT)
 *
 * A Scan is right here and only here: it is an operator's one-off pass over the whole table,
 * never a request path. It reads page by page, rewrites only items that need it, each with a
 * conditional UpdateItem (the old values must still be there: a concurrent write, which already
 * normalises, wins), and touches nothing else of the item (not updatedAt, not version). Running
 * it again finds nothing to do.
 */
import { ScanCommand, UpdateCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { config } from '../shared/config.ts';
import { dynamoDb } from '../shared/db/client.ts';
import { isUtcInstant } from '../shared/db/instants.ts';
import { db } from '../shared/db/service.ts';

/** The entities holding instants, and the attributes that hold them (top level, or lists/maps of them). */
const INSTANT_ATTRIBUTES = {
  appointment: ['startTime', 'endTime', 'proposedTimes', 'externalChange'],
  busyBlock: ['startTime', 'endTime'],
  eventLink: ['startTime', 'endTime'],
} as const;
type Migrated = keyof typeof INSTANT_ATTRIBUTES;

/** Index key fields: rebuilt by ElectroDB from the normalised attributes. */
const KEY_FIELD = /^gsi\d+(pk|sk)$/;

export interface MigrationReport {
  scanned: number;
  rewritten: number;
  /** Changed by someone else between our read and our write (a normalising write): left to it. */
  changedMeanwhile: number;
  /** Items that could not be rebuilt (malformed beyond an offset), with the reason; left as they are. */
  failed: Array<{ pk: string; sk: string; reason: string }>;
}

/** Whether any instant inside `value` (a string, or lists and maps of them) is not in stored form. */
function hasOffsetInstant(value: unknown): boolean {
  if (typeof value === 'string') return !isUtcInstant(value);
  if (Array.isArray(value)) return value.some(hasOffsetInstant);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, inner]) => (key === 'startTime' || key === 'endTime' ? hasOffsetInstant(inner) : false));
  return false;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The attributes to set on `item` so that its instants and index keys are in stored form, or
 * undefined when it is already. Rebuilt through the entity's own put (its instant setters and
 * key templates), so the keys are exactly what a fresh write would produce.
 */
function rewriteOf(entityName: Migrated, item: Record<string, unknown>): Record<string, unknown> | undefined {
  const attributes = INSTANT_ATTRIBUTES[entityName];
  if (!attributes.some((name) => item[name] !== undefined && hasOffsetInstant(item[name]))) return undefined;
  const entity = db().entities[entityName] as unknown as {
    parse(input: { Item: Record<string, unknown> }): { data: Record<string, unknown> | null };
    put(item: Record<string, unknown>): { params(): { Item: Record<string, unknown> } };
  };
  const { data } = entity.parse({ Item: item });
  if (!data) throw new Error('not an item of its entity');
  const rebuilt = entity.put(data).params().Item;
  if (!same(rebuilt.pk, item.pk) || !same(rebuilt.sk, item.sk)) throw new Error('its primary key would change');
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(rebuilt)) {
    if (((attributes as readonly string[]).includes(field) || KEY_FIELD.test(field)) && !same(value, item[field])) changes[field] = value;
  }
  return changes;
}

export async function migrateInstantsToUtc(options: { pageSize?: number; log?: (line: string) => void } = {}): Promise<MigrationReport> {
  const { pageSize = 500, log = () => {} } = options;
  const table = config().TABLE_NAME;
  const client = dynamoDb();
  const report: MigrationReport = { scanned: 0, rewritten: 0, changedMeanwhile: 0, failed: [] };
  let startKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        Limit: pageSize,
        ExclusiveStartKey: startKey,
        // Only the entities that hold instants; ElectroDB marks each item with its entity name.
        FilterExpression: '#entity IN (:appointment, :busyBlock, :eventLink)',
        ExpressionAttributeNames: { '#entity': '__edb_e__' },
        ExpressionAttributeValues: { ':appointment': 'appointment', ':busyBlock': 'busyBlock', ':eventLink': 'eventLink' },
        // Strongly consistent: an item written just before the run is seen as written.
        ConsistentRead: true,
      }),
    );
    startKey = page.LastEvaluatedKey;
    for (const item of page.Items ?? []) {
      report.scanned++;
      const key = { pk: item.pk as string, sk: item.sk as string };
      let changes: Record<string, unknown> | undefined;
      try {
        changes = rewriteOf(item.__edb_e__ as Migrated, item);
      } catch (error) {
        report.failed.push({ ...key, reason: (error as Error).message });
        continue;
      }
      if (!changes || Object.keys(changes).length === 0) continue;
      const fields = Object.keys(changes);
      const names = Object.fromEntries(fields.map((field, i) => [`#f${i}`, field]));
      const values = Object.fromEntries(fields.flatMap((field, i) => [[`:new${i}`, changes[field]], [`:old${i}`, item[field]]]));
      // The old value must still be there; a field that did not exist must still not exist.
      const conditions = fields.map((field, i) => (item[field] === undefined ? `attribute_not_exists(#f${i})` : `#f${i} = :old${i}`));
      for (const [i, field] of fields.entries()) if (item[field] === undefined) delete values[`:old${i}`];
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :new${i}`).join(', ')}`,
            ConditionExpression: `attribute_exists(pk) AND ${conditions.join(' AND ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        report.rewritten++;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        report.changedMeanwhile++;
      }
    }
    log(`scanned ${report.scanned}, rewritten ${report.rewritten}`);
  } while (startKey);
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await migrateInstantsToUtc({ log: (line) => console.log(line) });
  console.log(JSON.stringify(report, null, 2));
  if (report.failed.length > 0) process.exitCode = 1;
}
