/**
 * Instants at the table boundary. Every instant is stored in ONE text form, UTC with
 * milliseconds (`2027-01-04T08:00:00.000Z`, what Date#toISOString writes), because range queries
 * (appointments and busy time by start time) compare the stored text: `…T09:00:00.000+01:00` sorts
 * after `…T08:30:00.000Z` although it is earlier, and such an item once made availability offer a
 * slot that booking then refused. Writes normalise (the entities' `instant` attributes call
 * toUtcInstant); range queries refuse any other form (utcBound) instead of silently comparing
 * apples with oranges.
 */

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant with a zone designator → its UTC form. Throws on anything else. */
export function toUtcInstant(value: string): string {
  // Without a designator Date.parse reads the server's local zone: never guess.
  const ms = ZONED.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO 8601 instant with a time zone: ${value}`);
  return new Date(ms).toISOString();
}

/** Whether `value` is exactly the stored form. */
export function isUtcInstant(value: string): boolean {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}

/**
 * A range-query bound, checked: the stored form or a programming error (the API and use cases
 * normalise what clients send before it gets here, so this never answers a client's mistake).
 */
export function utcBound(value: string, what: string): string {
  if (!isUtcInstant(value)) throw new TypeError(`Range bound ${what} is not a UTC instant in stored form (YYYY-MM-DDTHH:mm:ss.sssZ): ${value}`);
  return value;
}
