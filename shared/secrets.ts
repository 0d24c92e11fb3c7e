import { loadAwsSdk } from './aws/load-sdk.ts';
import { resetConfig } from './config.ts';

/**
 * The product's secrets and the variables that carry them. In AWS a function gets only the NAME
 * of an SSM SecureString parameter (`*_PARAMETER`, granted per route by the CDK from the route
 * manifest's `secrets`); the value is read once at cold start into the variable shared/config.ts
 * reads. Locally (and in tests) the value variable is set directly and nothing is fetched.
 */
export const SECRETS = {
  googleClientSecret: 'GOOGLE_CLIENT_SECRET',
  microsoftClientSecret: 'MICROSOFT_CLIENT_SECRET',
  lagoApiKey: 'LAGO_API_KEY',
  lagoWebhookHmacKey: 'LAGO_WEBHOOK_HMAC_KEY',
} as const;

export type SecretName = keyof typeof SECRETS;

let loading: Promise<void> | undefined;

/** Reads every `<VAR>_PARAMETER` whose `<VAR>` is unset, once per container. */
export function loadSecrets(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  loading ??= (async () => {
    const wanted = Object.values(SECRETS).filter((variable) => !env[variable] && env[`${variable}_PARAMETER`]);
    if (wanted.length === 0) return;
    // Loaded only by a function that has secret parameters to read: every other one (most routes)
    // does not pay for the SSM client at cold start.
    const { GetParameterCommand, SSMClient } = loadAwsSdk('@aws-sdk/client-ssm');
    const ssm = new SSMClient({ region: env.AWS_REGION });
    await Promise.all(
      wanted.map(async (variable) => {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: env[`${variable}_PARAMETER`], WithDecryption: true }));
        if (Parameter?.Value) env[variable] = Parameter.Value;
      }),
    );
    resetConfig();
  })().catch((error: unknown) => {
    // Let the next invocation try again rather than caching the failure for the container's life.
    loading = undefined;
    throw error;
  });
  return loading;
}
