/**
 * What production bundles give ElectroDB in place of `jsonschema` (infra/constructs/bundling.ts
 * says why). ElectroDB asks its validator two things: whether a model is valid, on every
 * `new Entity` (the whole JSON-schema walk: most of an entity's cost at cold start), and whether an
 * object handed to `new Service` is a model or an already built Entity. The models are our own
 * source, checked in full with ElectroDB's real validator by shared/db/model-validation.test.ts,
 * so at run time only the second question needs an answer: this checks the properties each
 * schema requires (its `required` list and the properties marked `required: true`, one level down),
 * which is what tells a model (`model`, `attributes`, `indexes`) from an Entity (neither of the
 * last two) — and nothing else.
 */

interface SchemaNode {
  type?: string | string[];
  required?: boolean | string[];
  properties?: Record<string, SchemaNode>;
}

interface ValidationError {
  property: string;
  message: string;
  argument?: unknown;
}

function missingProperties(value: unknown, schema: SchemaNode, at: string): ValidationError[] {
  if (schema.type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return [{ property: at, message: 'is not of a type(s) object' }];
  }
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) if (property.required === true) required.add(name);
  const errors: ValidationError[] = [...required]
    .filter((name) => record[name] === undefined)
    .map((name) => ({ property: `${at}.${name}`, message: 'is required' }));
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (record[name] !== undefined && property.properties) errors.push(...missingProperties(record[name], property, `${at}.${name}`));
  }
  return errors;
}

/** The part of jsonschema's `Validator` that ElectroDB uses (src/validations.js). */
export class Validator {
  declare customFormats: Record<string, (input: unknown) => boolean>;

  addSchema(_schema: unknown, _uri?: string): void {}

  validate(instance: unknown, schema: SchemaNode): { errors: ValidationError[] } {
    return { errors: missingProperties(instance, schema, 'instance') };
  }
}
// ElectroDB registers its formats on the prototype, as jsonschema's own Validator allows.
Validator.prototype.customFormats = {};
