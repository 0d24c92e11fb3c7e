import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';

/**
 * The DynamoDB clients, loaded with the module (every function that imports it reads the table),
 * through require: shared/aws/load-sdk.ts says why. `documentSdk` holds the document client's
 * commands (TransactWriteCommand, BatchGetCommand).
 */
const { DynamoDBClient } = loadAwsSdk('@aws-sdk/client-dynamodb');
export const documentSdk = loadAwsSdk('@aws-sdk/lib-dynamodb');

let documentClient: DynamoDBDocumentClient | undefined;

/** One client per process, created on first use (so a handler that needs no table pays nothing). */
export function dynamoDb(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    const raw = new DynamoDBClient({
      region: AWS_REGION,
      // DynamoDB Local accepts any credentials; in AWS the function role provides them.
      ...(DYNAMODB_ENDPOINT
        ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    documentClient = documentSdk.DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }
  return documentClient;
}
