import { createRequire } from 'node:module';

/**
 * How a function loads the AWS SDK, which the Lambda runtime provides: the DynamoDB clients when
 * shared/db/client.ts loads, the others (Cognito, SES, KMS, EventBridge, SQS, SSM) on the first
 * call that needs one, so that a function that never uses them does not pay for them:
 * `const { KMSClient } = loadAwsSdk('@aws-sdk/client-kms')`, typed by AwsSdk below.
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

/** The SDK packages the functions use, by name (types only: nothing here is loaded). */
interface AwsSdk {
  '@aws-sdk/client-dynamodb': typeof import('@aws-sdk/client-dynamodb');
  '@aws-sdk/lib-dynamodb': typeof import('@aws-sdk/lib-dynamodb');
  '@aws-sdk/client-cognito-identity-provider': typeof import('@aws-sdk/client-cognito-identity-provider');
  '@aws-sdk/client-sesv2': typeof import('@aws-sdk/client-sesv2');
  '@aws-sdk/client-kms': typeof import('@aws-sdk/client-kms');
  '@aws-sdk/client-eventbridge': typeof import('@aws-sdk/client-eventbridge');
  '@aws-sdk/client-sqs': typeof import('@aws-sdk/client-sqs');
  '@aws-sdk/client-ssm': typeof import('@aws-sdk/client-ssm');
}

export function loadAwsSdk<Name extends keyof AwsSdk>(name: Name): AwsSdk[Name] {
  return requireSdk(name) as AwsSdk[Name];
}
