import { Entity, Service } from 'electrodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { productionBundle } from '../../test/helpers/production-bundle.ts';
import { buildUser } from './entities/user.ts';
import { modelParams } from './model-params.fixture.ts';
import { Validator } from './model-shape-validator.ts';
import { db, ENTITY_BUILDERS } from './service.ts';

const NOW = new Date('2026-03-20T10:00:00.000Z');

describe("the model, with ElectroDB's real validator (as in the sources and the tests)", () => {
  it('builds every entity', () => {
    for (const [name, entity] of Object.entries(db().entities)) expect(entity, name).toBeInstanceOf(Entity);
    expect(Object.keys(db().entities)).toEqual(Object.keys(ENTITY_BUILDERS));
  });

  it('is the validator that refuses a malformed model', () => {
    expect(() => new Entity({ model: { entity: 'x', version: '1', service: 'booking' }, attributes: { id: { type: 'string' } }, indexes: {} } as never)).toThrow(
      /indexes/,
    );
  });

  it('builds an entity only when first used, and a transaction only the ones it names', async () => {
    vi.resetModules();
    const fresh = await import('./service.ts');
    const spies = Object.keys(fresh.ENTITY_BUILDERS).map((name) => vi.spyOn(fresh.ENTITY_BUILDERS, name as keyof typeof ENTITY_BUILDERS));
    const built = () => spies.filter((spy) => spy.mock.calls.length > 0).length;
    const { entities, pick } = fresh.db();
    expect(built()).toBe(0);
    entities.appointment.get({ id: 'a1' }).params();
    entities.appointment.get({ id: 'a2' }).params();
    expect(built()).toBe(1);
    expect(Object.keys(pick('user', 'userEmail'))).toEqual(['user', 'userEmail']);
    expect(built()).toBe(3);
    // The collection's four: slots, exceptions, products and visitors' holds.
    (await import('./collections.ts')).availabilityCollection().params();
    expect(built()).toBe(7);
  });
});

describe('the validator stand-in of production bundles (model-shape-validator.ts)', () => {
  const modelSchema = {
    type: 'object',
    properties: { model: { type: 'object', required: true, properties: { entity: { type: 'string', required: true } } } },
    required: ['model', 'attributes', 'indexes'],
  };

  it('tells a model from a built Entity, as ElectroDB asks when a Service is made', () => {
    const entity = buildUser({ table: 'booking' });
    const model = (entity as unknown as { schema: unknown }).schema;
    const validator = new Validator();
    expect(validator.validate(model, modelSchema).errors).toEqual([]);
    expect(validator.validate(entity, modelSchema).errors.map((error) => error.property)).toEqual(['instance.attributes', 'instance.indexes']);
    expect(validator.validate({ model: {}, attributes: {}, indexes: {} }, modelSchema).errors.map((error) => error.property)).toEqual(['instance.model.entity']);
    expect(new Service({ user: entity }, { table: 'booking' }).entities.user).toBe(entity);
  });

  describe('in a production bundle', () => {
    // The fixture bundled as production functions are (infra/constructs/bundling.ts, aliases included).
    let bundled: { inputs: string[]; modelParams: typeof modelParams; remove: () => void };
    beforeAll(async () => {
      vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
      const bundle = await productionBundle<{ modelParams: typeof modelParams }>('shared/db/model-params.fixture.ts');
      bundled = { inputs: bundle.inputs, modelParams: (await bundle.load()).modelParams, remove: bundle.remove };
    }, 60_000);
    afterAll(() => {
      vi.useRealTimers();
      bundled?.remove();
    });

    it('replaces jsonschema', () => {
      expect(bundled.inputs.some((input) => input.includes('node_modules/jsonschema/'))).toBe(false);
      expect(bundled.inputs).toContain('shared/db/model-shape-validator.ts');
    });

    it('generates the same DynamoDB parameters as the real validator, for every entity, index, a transaction and the collection', () => {
      const expected = modelParams();
      expect(Object.keys(expected).length).toBeGreaterThan(100);
      // As JSON, the form the SDK sends: the two copies of ElectroDB make objects of their own classes.
      expect(JSON.stringify(bundled.modelParams(), null, 1)).toBe(JSON.stringify(expected, null, 1));
    });
  });
});
