/**
 * Per-test-file tables on the run's shared DynamoDB Local (started by ./global-setup.ts). Files run in parallel on
 * one DynamoDB Local, so every caller gets a table of its own and never sees another file's items.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamo/ensure-table';

export interface TestTable {
  tableName: string;
  endpoint: string;
  client: DynamoDBClient;
}

/** A client for the test DynamoDB Local; -sharedDb makes the dummy credentials and region irrelevant. */
export function createTestClient(endpoint: string = inject('dynamoEndpoint')): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Creates a fresh, uniquely named table (same keys, indexes and TTL as production) and returns it with a client.
 * Call it once per test file, in `beforeAll`. Pass `TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint` to
 * loadConfig to point the app at it.
 */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const client = createTestClient(endpoint);
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { tableName, endpoint, client };
}
