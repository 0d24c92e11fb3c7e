import { createRequire } from 'node:module';

/**
 * The AWS SDK clients a function needs only on some calls (Cognito, SES, KMS, EventBridge, SQS,
 * SSM), loaded on the first call that needs one instead of at every cold start. The caller writes
 * the type: `loadAwsSdk<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms')`.
 *
 * Why `require`, not `import()`: the SDK's packages are CommonJS files without a "type" field, and
 * when ESM imports one, Node parses it twice more before running it: once to tell whether it is
 * CommonJS or ESM, once to list its export names. Measured after the DynamoDB clients were loaded,
 * the Cognito client (one 240 KB file) took 55-70 ms through import() and 27-30 ms through require
 * on Node 20, 34-43 ms and 22-25 ms on Node 22 (the Lambda runtime).
 *
 * `require` looks from the bundle's folder, then in NODE_PATH, where Lambda puts the SDK it
 * provides; locally, in the repository's node_modules. esbuild leaves the call alone (the SDK is
 * external to every bundle anyway: infra/constructs/bundling.ts).
 */
const requireSdk = createRequire(import.meta.url);

export function loadAwsSdk<Sdk>(name: `@aws-sdk/${string}`): Sdk {
  return requireSdk(name) as Sdk;
}
