import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { tableDefinition } from '../../shared/db/table.ts';
import type { TableAccess } from '../../functions/manifest.ts';
import { FUNCTION_BUNDLING, FUNCTION_ENVIRONMENT } from './bundling.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The house Lambda timeout when a route or job names none. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface BookingFunctionProps {
  /** Module path from the repository root, exporting `handler`. */
  entry: string;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * THE way this product makes a Lambda function: Node.js 22 on arm64, X-Ray tracing, an ESM
 * bundle (minified, source maps; bundling.ts), a log group with retention, and the environment every
 * handler's shared/config.ts expects. Its role may write to its own log group and nothing else;
 * access to data is granted through bindTable only (secrets through infra/secrets.ts).
 */
export class BookingFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BookingFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy (logs:* on every group).
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only the X-Ray statement that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray has no resource-level permissions.',
    });
    const settings: NodejsFunctionProps = {
      entry: path.join(ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      role,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(DEFAULT_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        ...FUNCTION_ENVIRONMENT,
        ...props.environment,
      },
      // One definition for CDK and the benchmarks (bundling.ts), so the bench measures what ships.
      bundling: {
        ...FUNCTION_BUNDLING,
        format: OutputFormat.ESM,
        mainFields: [...FUNCTION_BUNDLING.mainFields],
        externalModules: [...FUNCTION_BUNDLING.externalModules],
      },
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
    };
    super(scope, id, settings);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Runtime pinned to nodejs22.x on purpose (ARCHITECTURE.md: Lambda runs nodejs22.x; bundles target node22 and the dependency versions are chosen for it). Moving runtime is a deliberate upgrade, not an automatic one.',
    });
  }

  /**
   * Sets TABLE_NAME and grants exactly the access the route needs, as explicit actions on the table
   * and its named indexes (no wildcards). No dynamodb:Scan: no request path may scan (ARCHITECTURE.md).
   */
  bindTable(table: ITable, access: TableAccess): this {
    if (access === 'none') return this;
    this.addEnvironment('TABLE_NAME', table.tableName);
    const write = access === 'readWrite';
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...TABLE_READ_ACTIONS, ...(write ? TABLE_WRITE_ACTIONS : [])],
        resources: [table.tableArn, ...tableDefinition.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)],
      }),
    );
    if (table.encryptionKey) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: [...KEY_READ_ACTIONS, ...(write ? KEY_WRITE_ACTIONS : [])], resources: [table.encryptionKey.keyArn] }),
      );
    }
    return this;
  }
}

const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
// What CDK's grantReadWriteData gives on a customer-managed table key, with its wildcards
// (kms:ReEncrypt*, kms:GenerateDataKey*) spelled out and the asymmetric key-pair actions left out.
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'];
