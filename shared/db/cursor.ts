import { createConversions } from './electrodb.ts';
import { InvalidInput } from '../errors.ts';

/** What a query's `params()` tells about its key condition (ElectroDB's DocumentClient parameters). */
export interface QueryParams {
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The part of an ElectroDB entity a cursor is checked against: its index definitions. */
interface KeyedEntity {
  schema: { indexes: Record<string, { index?: string; pk: { field: string }; sk?: { field: string } }> };
}

/**
 * A cursor is the last key of the previous page, which the client holds as base64url JSON and can
 * change. It is accepted only if it is exactly a key this query could have returned: the table's
 * and the index's key attributes and nothing more; each written as the entity writes it for the
 * item it names (decoded to the item's attributes and encoded back: a sort key of another entity
 * or a mangled one does not survive); in the partition queried, so a cursor never starts inside
 * someone else's data; and inside the queried sort-key range, which DynamoDB would otherwise
 * refuse with a ValidationException (a 500) instead of the 400 a client's mistake is.
 */
export function assertCursorFits(cursor: string | undefined, entity: KeyedEntity, accessPattern: string, params: QueryParams): void {
  if (cursor === undefined) return;
  const key = decodeKey(cursor);
  const index = entity.schema.indexes[accessPattern];
  const table = Object.values(entity.schema.indexes).find((candidate) => !candidate.index);
  if (!index || !table) throw new Error(`No index ${accessPattern} (or no table index) on this entity`);

  const indexPk = index.pk.field;
  const indexSk = index.sk?.field;
  const expected = new Set([table.pk.field, table.sk?.field, indexPk, indexSk].filter((field): field is string => !!field));
  const fields = Object.keys(key);
  if (fields.length !== expected.size || !fields.every((field) => expected.has(field))) throw invalidCursor();

  if (key[indexPk] !== params.ExpressionAttributeValues?.[':pk']) throw invalidCursor();
  if (!writtenBackAlike(key, entity, accessPattern)) throw invalidCursor();
  if (indexSk && !inSortKeyRange(key[indexSk]!, params)) throw invalidCursor();
}

function invalidCursor() {
  return new InvalidInput('Invalid cursor: it does not belong to this list; start again from the first page');
}

function decodeKey(cursor: string): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (key === null || typeof key !== 'object' || Array.isArray(key) || !Object.values(key).every((v) => typeof v === 'string')) throw invalidCursor();
  return key as Record<string, string>;
}

/** The key decoded to the item's attributes and encoded back is the same key, field for field. */
function writtenBackAlike(key: Record<string, string>, entity: KeyedEntity, accessPattern: string): boolean {
  // createConversions is typed per entity; here it serves any entity, so its shape is stated loosely.
  const conversions = createConversions(entity as never) as unknown as {
    byAccessPattern: Record<string, { fromKeys: { toComposite(keys: object): object }; fromComposite: { toKeys(composite: object): Record<string, unknown> } }>;
  };
  const pattern = conversions.byAccessPattern[accessPattern]!;
  try {
    const rewritten = pattern.fromComposite.toKeys(pattern.fromKeys.toComposite(key));
    return Object.entries(key).every(([field, value]) => rewritten[field] === value);
  } catch {
    // ElectroDB throws when the keys do not parse as this index's keys.
    return false;
  }
}

/**
 * Whether `value` satisfies the sort-key part of the query's key condition, compared as DynamoDB
 * compares strings (UTF-8 bytes). ElectroDB writes `#pk = :pk` alone or followed by one of
 * `and #sk1 = :sk1`, `and begins_with(#sk1, :sk1)`, `and #sk1 BETWEEN :sk1 AND :sk2`,
 * `and #sk1 <op> :sk1`.
 */
function inSortKeyRange(value: string, params: QueryParams): boolean {
  const condition = (params.KeyConditionExpression ?? '').replace(/^#pk = :pk\s*/i, '');
  if (condition === '') return true;
  const values = params.ExpressionAttributeValues ?? {};
  const at = (name: string) => String(values[name]);
  const compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  let match: RegExpMatchArray | null;
  if ((match = condition.match(/^and begins_with\(#sk1, (:\w+)\)$/i))) return value.startsWith(at(match[1]!));
  if ((match = condition.match(/^and #sk1 BETWEEN (:\w+) AND (:\w+)$/i))) return compare(value, at(match[1]!)) >= 0 && compare(value, at(match[2]!)) <= 0;
  if ((match = condition.match(/^and #sk1 (=|<=|>=|<|>) (:\w+)$/i))) {
    const order = compare(value, at(match[2]!));
    return { '=': order === 0, '<=': order <= 0, '>=': order >= 0, '<': order < 0, '>': order > 0 }[match[1] as '=' | '<=' | '>=' | '<' | '>'];
  }
  // A key condition this check does not know: fail loudly in development rather than guess.
  throw new Error(`Unknown key condition for a cursor check: ${params.KeyConditionExpression}`);
}
