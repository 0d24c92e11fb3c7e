import { Service } from 'electrodb/src/service.js';
import { db, type EntityName } from './service.ts';

/**
 * The `availability` collection (gsi1): slots, exceptions, products and visitors' holds in one
 * Query, through a Service of just those four entities, made on first use. A module of its own,
 * importing ElectroDB's Service from its file (shared/db/electrodb.ts says why), so that only the
 * functions that query the collection carry the Service code.
 */
const AVAILABILITY = ['appointmentSlot', 'appointmentException', 'product', 'publicHold'] as const satisfies readonly EntityName[];

let availability: ReturnType<typeof availabilityService> | undefined;

function availabilityService() {
  const { pick, options } = db();
  return new Service(pick(...AVAILABILITY), options);
}

/** A query of the whole collection (its key has no composite: every admin's slots and exceptions, every product and hold). */
export function availabilityCollection() {
  availability ??= availabilityService();
  return availability.collections.availability({});
}
