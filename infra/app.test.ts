import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../functions/routes.ts';
import { tableDefinition } from '../shared/db/table.ts';
import { buildApp } from './app.ts';

let api: Template;
let data: Template;

beforeAll(() => {
  const { api: apiStack, data: dataStack } = buildApp();
  api = Template.fromStack(apiStack);
  data = Template.fromStack(dataStack);
});

const resources = (template: Template, type: string) => Object.values(template.findResources(type)) as Array<{ Properties: any }>;

describe('the API stack, derived from functions/routes.ts', () => {
  it('has one route per manifest entry, with the JWT authorizer on every non-public one', () => {
    const routes = resources(api, 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(listRoutes().map((r) => r.key).sort());
    for (const route of listRoutes()) {
      const props = routes.find((r) => r.Properties.RouteKey === route.key)!.Properties;
      expect(props.AuthorizationType, route.key).toBe(route.access === 'public' ? 'NONE' : 'JWT');
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('gives each route its own arm64 Node.js 22 function with a log retention', () => {
    const functions = resources(api, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(listRoutes().length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
    for (const group of resources(api, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('grants table access only to functions whose route needs it, and never a wildcard action', () => {
    const policies = resources(api, 'AWS::IAM::Policy');
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a === '*' || a === 'dynamodb:*' || a === 'kms:*')).toEqual([]);
    const needingTable = listRoutes().filter((r) => r.table !== 'none').length;
    const withTable = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('dynamodb:'));
    expect(withTable).toHaveLength(needingTable);
  });
});

describe('the data stack, derived from shared/db/table.ts', () => {
  it('has the table keys, indexes and TTL of the model, PITR and deletion protection', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
  });

  it('rotates its KMS keys', () => {
    const keys = resources(data, 'AWS::KMS::Key');
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
  });
});
