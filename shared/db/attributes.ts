/** Attribute definitions shared by several entities (ElectroDB attribute objects). */
import { toUtcInstant } from './instants.ts';

export const SERVICE = 'booking';

const nowIso = () => new Date().toISOString();

/** Set once: a later put carries the value it read, so no setter may overwrite it. */
export const createdAt = {
  type: 'string',
  readOnly: true,
  required: true,
  default: nowIso,
} as const;

export const updatedAt = {
  type: 'string',
  readOnly: true,
  required: true,
  watch: '*',
  default: nowIso,
  set: () => nowIso(),
} as const;

/** Optimistic-locking counter: writers add 1 on the condition that it still holds what they read. */
export const version = { type: 'number', required: true, default: 1 } as const;

/** Epoch seconds; see tableDefinition.timeToLiveAttribute. */
export const ttl = { type: 'number' } as const;

/**
 * An ISO instant, stored in UTC `Z` form whatever offset the writer used (shared/db/instants.ts):
 * ElectroDB applies `set` on every put, create, update and patch, keys built from it included.
 */
const normalised = (value?: string) => (value === undefined ? value : toUtcInstant(value));
export const instant = { type: 'string', set: normalised } as const;
export const requiredInstant = { type: 'string', required: true, set: normalised } as const;
