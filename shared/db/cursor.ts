import { InvalidInput } from '../errors.ts';

/**
 * A cursor is the last key of the previous page. It must decode and point into the partition
 * being queried: a crafted one can neither crash the request nor start inside someone else's data.
 */
export function assertCursorBelongs(cursor: string | undefined, params: { IndexName?: string; ExpressionAttributeValues: Record<string, unknown> }) {
  if (cursor === undefined) return;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInput('Invalid cursor');
  }
  const pkField = params.IndexName ? `${params.IndexName}pk` : 'pk';
  const valid =
    key !== null &&
    typeof key === 'object' &&
    Object.values(key).every((v) => typeof v === 'string') &&
    (key as Record<string, string>)[pkField] === params.ExpressionAttributeValues[':pk'] &&
    Object.keys(key).every((k) => /^(pk|sk|gsi\dpk|gsi\dsk)$/.test(k));
  if (!valid) throw new InvalidInput('Invalid cursor');
}
