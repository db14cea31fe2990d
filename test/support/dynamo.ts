/**
 * Per-test-file runtimes on the run's shared DynamoDB Local (started by ./global-setup.ts). Files run in parallel on
 * one DynamoDB Local, so every caller gets a table of its own and never sees another file's items. The runtime is
 * the one `npm start`, the seed and the bench use (scripts/lib/local-runtime.ts), pointed at that endpoint.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../scripts/lib/local-runtime';

export interface TestTable {
  tableName: string;
  endpoint: string;
  /** The client the app's deps use; tests may read the table through it. */
  client: DynamoDBClient;
}

/**
 * The local runtime on the run's DynamoDB Local with a fresh, uniquely named table (same keys, indexes and TTL as
 * production), a throwaway token key and a silent logger. Config comes from `options.env` alone (default none), so
 * a test file's process.env cannot change it. Call it once per test file, in `beforeAll`.
 */
export function startTestRuntime(options: Omit<LocalRuntimeOptions, 'endpoint' | 'dataDir'> = {}): Promise<LocalRuntime> {
  return startLocalRuntime({
    endpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
    env: {},
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' as never }),
    ...options,
  });
}

/**
 * A fresh table on the run's DynamoDB Local, with a client. Pass `TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint`
 * to loadConfig (or the environment) to point an app at it.
 */
export async function createTestTable(): Promise<TestTable> {
  const { tableName, endpoint, client } = await startTestRuntime();
  return { tableName, endpoint, client };
}

/** A client for a DynamoDB Local of the test's own; -sharedDb makes the dummy credentials and region irrelevant. */
export function createTestClient(endpoint: string = inject('dynamoEndpoint')): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
