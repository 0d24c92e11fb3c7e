import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { BookingFunction } from './constructs/booking-function.ts';
import { grantSecrets, SECRETS } from './secrets.ts';

let app: App;
let template: Template;

beforeAll(() => {
  // No bundling: these tests read policies and environment, not code.
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Secrets', { env: { account: '123456789012', region: 'eu-west-3' } });
  const billing = new BookingFunction(stack, 'Billing', { entry: 'functions/support/health.ts' });
  grantSecrets(billing, 'lagoApiKey', 'lagoWebhookHmacKey');
  new BookingFunction(stack, 'Other', { entry: 'functions/support/health.ts' });
  template = Template.fromStack(stack);
});

const fn = (prefix: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix))![1] as { Properties: any };
const policy = (prefix: string) =>
  Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(prefix))![1].Properties.PolicyDocument
    .Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: any }>;

describe('secrets from SSM Parameter Store', () => {
  it('names every secret under /booking/ with a *_PARAMETER variable', () => {
    for (const secret of Object.values(SECRETS)) {
      expect(secret.parameterName).toMatch(/^\/booking\/[a-z0-9-]+$/);
      expect(secret.environmentVariable).toMatch(/^[A-Z0-9_]+_PARAMETER$/);
    }
    expect(Object.keys(SECRETS).sort()).toEqual(['googleClientSecret', 'lagoApiKey', 'lagoWebhookHmacKey', 'microsoftClientSecret']);
  });

  it('passes parameter names, never values, to the function that needs them', () => {
    expect(fn('Billing').Properties.Environment.Variables).toMatchObject({
      LAGO_API_KEY_PARAMETER: '/booking/lago-api-key',
      LAGO_WEBHOOK_HMAC_KEY_PARAMETER: '/booking/lago-webhook-hmac-key',
    });
    expect(Object.keys(fn('Billing').Properties.Environment.Variables).filter((k) => k.endsWith('_PARAMETER'))).toHaveLength(2);
    expect(Object.keys(fn('Other').Properties.Environment.Variables).filter((k) => k.endsWith('_PARAMETER'))).toEqual([]);
  });

  it('allows ssm:GetParameter on exactly those parameters, and kms:Decrypt only through SSM for them', () => {
    const statements = policy('BillingRole');
    const arns = ['lago-api-key', 'lago-webhook-hmac-key'].map((name) => `arn:aws:ssm:eu-west-3:123456789012:parameter/booking/${name}`);
    const resolve = (value: unknown) => JSON.stringify(value).replace(/\{"Ref":"AWS::Partition"\}/g, '"aws"');
    const ssm = statements.find((s) => s.Action === 'ssm:GetParameter')!;
    expect(JSON.parse(resolve(ssm.Resource)).map((r: { 'Fn::Join': [string, string[]] }) => r['Fn::Join'][1].join(''))).toEqual(arns);
    const kms = statements.find((s) => s.Action === 'kms:Decrypt')!;
    expect(kms.Condition.StringEquals['kms:ViaService']).toBe('ssm.eu-west-3.amazonaws.com');
    expect(
      JSON.parse(resolve(kms.Condition.StringEquals['kms:EncryptionContext:PARAMETER_ARN'])).map(
        (r: { 'Fn::Join': [string, string[]] }) => r['Fn::Join'][1].join(''),
      ),
    ).toEqual(arns);
    expect(JSON.stringify(policy('OtherRole'))).not.toMatch(/ssm:|kms:/);
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
