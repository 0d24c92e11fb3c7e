import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import type { TableAccess } from '../../shared/http/route.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BookingFunctionProps {
  /** Module path from the repository root, exporting `handler`. */
  entry: string;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * THE way this product makes a Lambda function: Node.js 22 on arm64, X-Ray tracing, an ESM
 * bundle (minified, source maps), a log group with retention, and the environment every
 * handler's shared/config.ts expects. Access to data is granted through bindTable only.
 */
export class BookingFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BookingFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const settings: NodejsFunctionProps = {
      entry: path.join(ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        STAGE: 'aws',
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        keepNames: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); ESM bundles need it defined.
        banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
        // The nodejs22.x runtime provides the AWS SDK v3: leaving it out keeps bundles and cold starts small.
        externalModules: ['@aws-sdk/*'],
      },
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
    };
    super(scope, id, settings);
  }

  /** Sets TABLE_NAME and grants exactly the access the route needs. */
  bindTable(table: ITable, access: TableAccess): this {
    if (access === 'none') return this;
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    return this;
  }
}
