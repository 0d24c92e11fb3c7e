import { createRequire } from 'node:module';

/**
 * How a function loads the AWS SDK, which the Lambda runtime provides: the DynamoDB clients when
 * shared/db/client.ts loads, the others (Cognito, SES, KMS, EventBridge, SQS, SSM) on the first
 * call that needs one, so that a function that never uses them does not pay for them. The caller
 * writes the type: `loadAwsSdk<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms')`.
 *
 * Why `require`, not `import`: the SDK's packages are CommonJS files without a "type" field, and
 * when ESM imports one, Node parses it twice more before running it: once to tell whether it is
 * CommonJS or ESM, once to list its export names. A bare handler that loads the two DynamoDB
 * clients starts in 84 ms instead of 139 on Node 20 (docs/BENCHMARKS.md), 125 instead of 153 on
 * Node 22, the Lambda runtime; the Cognito client alone takes 27-30 ms instead of 55-70 (Node 20).
 *
 * `require` looks from the bundle's folder, then in NODE_PATH, where Lambda puts the SDK it
 * provides; locally, in the repository's node_modules. esbuild leaves the call alone (the SDK is
 * external to every bundle anyway: infra/constructs/bundling.ts).
 */
const requireSdk = createRequire(import.meta.url);

export function loadAwsSdk<Sdk>(name: `@aws-sdk/${string}`): Sdk {
  return requireSdk(name) as Sdk;
}
