import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { SecretName as ProductSecretName } from '../shared/secrets.ts';
import { nagEnvironment } from './nag.ts';

export interface SecretParameter {
  /** SecureString parameter in SSM Parameter Store, created by hand (docs/DEPLOY.md), never by CDK. */
  parameterName: `/booking/${string}`;
  /** The environment variable that carries the parameter's NAME (never its value) to a function. */
  environmentVariable: `${string}_PARAMETER`;
  description: string;
}

/** Every secret the product reads. Values live only in Parameter Store, encrypted with the aws/ssm key. */
export const SECRETS = {
  googleClientSecret: {
    parameterName: '/booking/google-client-secret',
    environmentVariable: 'GOOGLE_CLIENT_SECRET_PARAMETER',
    description: 'OAuth client secret of the Google Cloud app (Google Calendar sync)',
  },
  microsoftClientSecret: {
    parameterName: '/booking/microsoft-client-secret',
    environmentVariable: 'MICROSOFT_CLIENT_SECRET_PARAMETER',
    description: 'Client secret of the Microsoft Entra app registration (Outlook calendar sync)',
  },
  lagoApiKey: {
    parameterName: '/booking/lago-api-key',
    environmentVariable: 'LAGO_API_KEY_PARAMETER',
    description: 'Lago API key (invoices for paid appointments)',
  },
  lagoWebhookHmacKey: {
    parameterName: '/booking/lago-webhook-hmac-key',
    environmentVariable: 'LAGO_WEBHOOK_HMAC_KEY_PARAMETER',
    description: 'HMAC key Lago signs its webhooks with (POST /api/lago-webhook)',
  },
} as const satisfies Record<string, SecretParameter>;

export type SecretName = keyof typeof SECRETS;

// The functions' side (shared/secrets.ts) names the same secrets and reads the same variables.
type _SameNames = [SecretName, ProductSecretName] extends [ProductSecretName, SecretName] ? true : never;
export const secretNamesMatch: _SameNames = true;

/**
 * Lets one function read the named secrets and nothing else: sets each `*_PARAMETER` variable to
 * the parameter's name, allows ssm:GetParameter on exactly those parameters, and kms:Decrypt only
 * when SSM decrypts one of them (the aws/ssm key's id is unknown at synth, hence key/* narrowed by
 * kms:ViaService and the PARAMETER_ARN encryption context SSM always sends).
 */
export function grantSecrets(fn: LambdaFunction, ...names: SecretName[]): void {
  if (names.length === 0) return;
  const stack = Stack.of(fn);
  const parameterArns = [...new Set(names)].map((name) => {
    const secret = SECRETS[name];
    fn.addEnvironment(secret.environmentVariable, secret.parameterName);
    return stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: secret.parameterName.slice(1) });
  });
  fn.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: parameterArns }));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      conditions: {
        StringEquals: {
          'kms:ViaService': `ssm.${stack.region}.amazonaws.com`,
          'kms:EncryptionContext:PARAMETER_ARN': parameterArns,
        },
      },
    }),
  );
  const { account, region } = nagEnvironment(stack);
  Validations.of(fn.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${region}:${account}:key/*]`,
    reason:
      'kms:Decrypt for SSM SecureString parameters encrypted with the AWS managed aws/ssm key, whose id is not known at synth; limited to calls made by SSM (kms:ViaService) for the granted parameters only (kms:EncryptionContext:PARAMETER_ARN).',
  });
}
