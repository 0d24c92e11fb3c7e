import type { BuildOptions } from 'esbuild';

/**
 * Modules swapped for another in every production bundle: esbuild's `alias`, as the paths esbuild
 * resolves from the repository root (CDK runs esbuild there; the bench sets the same working directory).
 *
 * - `jsonschema` → shared/db/model-shape-validator.ts. ElectroDB validates every model against its
 *   JSON schema with jsonschema on each `new Entity`, and has no option to skip it: that walk was
 *   about 56 of the 80 ms an entity cost at cold start, plus 30 KB of bundle, paid on every cold
 *   start for models that are our own source and never change at run time. The models are checked
 *   with ElectroDB's real validator by the unit tests instead (shared/db/model-validation.test.ts
 *   builds every entity with it, and shows a production bundle generates the same DynamoDB
 *   parameters). ElectroDB also asks the validator whether an object handed to `new Service` is a
 *   model or an Entity: the stand-in still answers that (a validator that accepts everything
 *   would make `new Service` rebuild Entities as models and fail).
 *
 * Tests, `npm start` and the scripts run the sources with the real packages.
 */
export const PRODUCTION_ALIASES = {
  jsonschema: './shared/db/model-shape-validator.ts',
} as const;

/**
 * How every function is bundled, defined once: the house construct (booking-function.ts) hands
 * these to CDK's NodejsFunction, and the benchmarks (bench/functions.ts) hand the same settings to
 * esbuild directly, so what `npm run bench` measures is what `cdk deploy` ships.
 * No aws-cdk-lib import here: the bench loads this file without the CDK.
 */
export const FUNCTION_BUNDLING = {
  format: 'esm',
  target: 'node22',
  minify: true,
  /**
   * Linked source maps, shipped beside each bundle: a logged error's stack names our files and lines
   * (shared/mapped-stack.ts reads the map when the first error is logged). Not NODE_OPTIONS=
   * --enable-source-maps: Node would then read and index the map at every cold start (about 10 ms).
   */
  sourceMap: true,
  // Mappings only: stack traces need no copy of the sources (1.5 MB with them, 0.4 MB without for a
  // typical function, read when an error is first logged).
  sourcesContent: false,
  // Names are not kept: stack traces get them back from the source maps, and the few names code reads
  // (errors') are written in their classes (shared/errors.ts). Keeping them cost 10-14 KB per bundle.
  keepNames: false,
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
  // The nodejs22.x runtime provides the AWS SDK v3: leaving it out keeps bundles and cold starts small.
  externalModules: ['@aws-sdk/*'],
  esbuildArgs: { '--alias': Object.entries(PRODUCTION_ALIASES).map(([name, replacement]) => `${name}=${replacement}`) },
} as const;

/** What every function's environment starts with in AWS (the benchmarks load bundles with it too). */
export const FUNCTION_ENVIRONMENT = {
  STAGE: 'aws',
  LOG_LEVEL: 'INFO',
} as const;

/**
 * The same settings as esbuild's own options, for code that runs esbuild directly: the benchmarks
 * (bench/functions.ts) and the tests that look inside a production bundle.
 */
export const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: FUNCTION_BUNDLING.format,
  target: FUNCTION_BUNDLING.target,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  sourcesContent: FUNCTION_BUNDLING.sourcesContent,
  keepNames: FUNCTION_BUNDLING.keepNames,
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  banner: { js: FUNCTION_BUNDLING.banner },
  external: [...FUNCTION_BUNDLING.externalModules],
  alias: { ...PRODUCTION_ALIASES },
};
