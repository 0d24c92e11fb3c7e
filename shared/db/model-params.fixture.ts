/**
 * The DynamoDB parameters ElectroDB generates for every entity and index of the model, with no
 * database: shared/db/model-validation.test.ts compares them between the sources (ElectroDB's real
 * validator) and a production bundle of this module (the validator stand-in of
 * infra/constructs/bundling.ts). Not a test itself: the bundle imports it.
 */
import { createWriteTransaction } from './electrodb.ts';
import { db, ENTITY_BUILDERS, type EntityName } from './service.ts';
import { availabilityCollection } from './collections.ts';

interface RawAttribute {
  type: string | readonly string[];
  readOnly?: boolean;
  properties?: Record<string, RawAttribute>;
}
interface RawModel {
  attributes: Record<string, RawAttribute>;
  indexes: Record<string, { pk: { composite: readonly string[] }; sk?: { composite: readonly string[] } }>;
}

/** One value for every attribute a sample item can carry (an ISO instant suits every string key). */
function sampleItem(model: Pick<RawModel, 'attributes'>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(model.attributes)) {
    const { type } = attribute;
    if (Array.isArray(type)) item[name] = type[0];
    else if (type === 'string') item[name] = '2026-03-29T08:00:00.000Z';
    else if (type === 'number') item[name] = 7;
    else if (type === 'boolean') item[name] = true;
    else if (type === 'list') item[name] = [];
    else if (type === 'map') item[name] = sampleItem({ attributes: attribute.properties ?? {} });
  }
  return item;
}

const pickKeys = (item: Record<string, unknown>, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, item[name]]));

type AnyEntity = {
  schema: RawModel;
  put(item: unknown): { params(): unknown };
  create(item: unknown): { params(): unknown };
  get(keys: unknown): { params(): unknown };
  delete(keys: unknown): { params(): unknown };
  update(keys: unknown): { set(values: unknown): { params(): unknown } };
  query: Record<string, (keys: unknown) => { params(): unknown }>;
};

/** Put, create, get, delete, update (when it has an attribute to set) and a query per index, per entity; a transaction; the collection. */
export function modelParams(): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const entities = db().entities as unknown as Record<EntityName, AnyEntity>;
  for (const name of Object.keys(ENTITY_BUILDERS) as EntityName[]) {
    const entity = entities[name];
    const item = sampleItem(entity.schema);
    const primary = Object.values(entity.schema.indexes).find((index) => !('index' in index) || index.index === undefined)!;
    const keys = pickKeys(item, [...primary.pk.composite, ...(primary.sk?.composite ?? [])]);
    params[`${name}.put`] = entity.put(item).params();
    params[`${name}.create`] = entity.create(item).params();
    params[`${name}.get`] = entity.get(keys).params();
    params[`${name}.delete`] = entity.delete(keys).params();
    const settable = Object.entries(entity.schema.attributes).find(
      ([attribute, definition]) => !definition.readOnly && !(attribute in keys) && (definition.type === 'string' || definition.type === 'number'),
    );
    if (settable) params[`${name}.update`] = entity.update(keys).set({ [settable[0]]: item[settable[0]] }).params();
    for (const [indexName, index] of Object.entries(entity.schema.indexes)) {
      params[`${name}.query.${indexName}`] = entity.query[indexName]!(pickKeys(item, index.pk.composite)).params();
    }
  }
  const user = sampleItem(entities.user.schema);
  params.transaction = createWriteTransaction(db().pick('user', 'userEmail'), ({ user: users, userEmail }) => [
    users.create(user as never).commit({ response: 'all_old' }),
    userEmail.create({ email: 'a@example.com', userId: 'u1' }).commit(),
  ]).params();
  params.collection = availabilityCollection().params();
  return params;
}
