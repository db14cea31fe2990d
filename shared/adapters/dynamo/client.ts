/**
 * The DynamoDB clients, built in one place from config. Edges (functions/, scripts/, bench/) get their client
 * through here or through shared/wiring.ts, so no file outside shared/adapters imports the AWS SDK.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config';

/** The low-level client, named so that code outside the adapters can hold one without importing the SDK. */
export type DynamoClient = DynamoDBClient;

/**
 * DynamoDB Local runs with -sharedDb: any credentials see the same tables. Fixed ones keep the SDK's credential
 * chain from looking for (or finding, and sending) real AWS ones; it accepts only letters and digits here.
 */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A client for the configured table's DynamoDB. With `DYNAMODB_ENDPOINT` (DynamoDB Local, locally and in tests) it
 * uses that endpoint and dummy credentials; without it, the region and the Lambda's role.
 */
export function createDynamoClient(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>): DynamoClient {
  return new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: LOCAL_CREDENTIALS } : {}),
  });
}

/** The document client every store uses. Undefined optional fields are dropped rather than rejected. */
export function createDocumentClient(client: DynamoClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** A readiness probe: one ListTables per ping, failing fast, so a caller polling it sees each attempt's result. */
export interface DynamoPing {
  /** Resolves when the endpoint answered ListTables; rejects otherwise. */
  ping(): Promise<void>;
  close(): void;
}

/** A probe of DynamoDB Local at `endpoint` (the launcher polls it until the JVM answers). */
export function dynamoPing(endpoint: string): DynamoPing {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  return {
    async ping() {
      await client.send(new ListTablesCommand({ Limit: 1 }));
    },
    close: () => client.destroy(),
  };
}
