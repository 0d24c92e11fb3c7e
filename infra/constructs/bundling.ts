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
  /** Linked source maps (NODE_OPTIONS=--enable-source-maps in AWS: stack traces name our files and lines). */
  sourceMap: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
  // The nodejs22.x runtime provides the AWS SDK v3: leaving it out keeps bundles and cold starts small.
  externalModules: ['@aws-sdk/*'],
} as const;

/** What every function's environment starts with in AWS (the benchmarks load bundles with it too). */
export const FUNCTION_ENVIRONMENT = {
  STAGE: 'aws',
  NODE_OPTIONS: '--enable-source-maps',
  LOG_LEVEL: 'INFO',
} as const;
