import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableAccess } from '../../functions/manifest.ts';
import { BookingFunction } from './booking-function.ts';

let template: Template;

beforeAll(() => {
  // No bundling: these tests read policies and environment, not code.
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Grants', { env: { region: 'eu-west-3' } });
  const table = new TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    encryption: TableEncryptionV2.customerManagedKey(new Key(stack, 'Key')),
  });
  for (const access of ['none', 'read', 'readWrite'] satisfies TableAccess[]) {
    new BookingFunction(stack, access, { entry: 'functions/support/health.ts' }).bindTable(table, access);
  }
  template = Template.fromStack(stack);
});

const actionsOf = (prefix: string) =>
  Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(`${prefix}Role`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
    .flatMap((s) => [s.Action].flat());
const environmentOf = (prefix: string) =>
  (Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix))![1] as { Properties: any }).Properties
    .Environment.Variables;

describe('BookingFunction.bindTable', () => {
  it('grants nothing and sets no TABLE_NAME for table: none', () => {
    expect(actionsOf('none').filter((a) => /^(dynamodb|kms):/.test(a))).toEqual([]);
    expect(environmentOf('none').TABLE_NAME).toBeUndefined();
  });

  it('grants reads and key decryption only for table: read', () => {
    expect(environmentOf('read').TABLE_NAME).toBeDefined();
    expect(actionsOf('read').filter((a) => /^(dynamodb|kms):/.test(a)).sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt', 'kms:DescribeKey'].sort(),
    );
  });

  it('adds writes and key encryption for table: readWrite, spelled out without wildcards', () => {
    const actions = actionsOf('readWrite');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'kms:Encrypt', 'kms:GenerateDataKey']));
    expect(actions.filter((a) => a.includes('*') || a === 'dynamodb:Scan')).toEqual([]);
  });
});
