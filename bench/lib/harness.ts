/**
 * The app as the bench drives it: a fresh in-memory DynamoDB Local, the production table definition, and
 * createApp() over the real adapters whose DynamoDB client carries the read meter. Same wiring as
 * test/support/app.ts, except that the client is built here so the meter can be attached to it.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { startDynamoLocal, type DynamoLocal } from '../../scripts/lib/dynamo-local';
import { signLocalToken } from '../../scripts/lib/local-keys';
import { ensureTable } from '../../shared/adapters/dynamo/ensure-table';
import { loadConfig } from '../../shared/config';
import type { Role } from '../../shared/domain/types';
import { createApp } from '../../shared/http/app';
import { localJwtAuthenticator } from '../../shared/http/auth';
import type { AppDeps } from '../../shared/http/env';
import type { Actor } from '../../shared/use-cases/context';
import { buildAppDeps } from '../../shared/wiring';
import { installReadMeter, type ReadMeter } from './read-meter';

const TABLE_NAME = 'luanchuyen-bench';

export interface Harness {
  dynamo: DynamoLocal;
  /** The metered client, for the bench's own bookkeeping reads (take() the meter around them). */
  client: DynamoDBClient;
  tableName: string;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  meter: ReadMeter;
  /** The principal the bulk loader acts as when it calls use cases directly. */
  loader: Actor;
  token(role: Role, units: string[] | '*'): Promise<string>;
  /** Stops DynamoDB Local; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts DynamoDB Local in memory and builds the app against it. `now` is fixed by the caller so that the
 * timestamps the app writes are the same on every run.
 */
export async function startHarness(options: { now: Date }): Promise<Harness> {
  const dynamo = await startDynamoLocal();
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-southeast-1',
      // DynamoDB Local runs with -sharedDb: any letters-and-digits credentials see the same tables.
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    await ensureTable(client, TABLE_NAME);
    const meter = installReadMeter(client);
    const secret = new Uint8Array(randomBytes(32));
    const config = loadConfig({
      TABLE_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'ap-southeast-1',
      AUTH_MODE: 'local',
    });
    const now = () => new Date(options.now);
    let nextId = 0;
    const deps: AppDeps = buildAppDeps({
      config,
      authenticator: localJwtAuthenticator(secret),
      now,
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' as never }),
      // The metered client: every read the app makes is counted.
      dynamoClient: client,
      // Counter ids keep audit record ids stable between runs (entities get explicit ids from the dataset).
      newId: () => `bench-${String(++nextId).padStart(8, '0')}`,
    });
    return {
      dynamo,
      client,
      tableName: TABLE_NAME,
      deps,
      app: createApp(deps),
      meter,
      loader: { principal: { sub: 'bench-loader', roles: ['admin', 'hr'], scope: '*' }, requestId: 'bench-load' },
      token: (role, units) => signLocalToken(secret, { role, units, sub: `bench-${role}` }),
      async close() {
        client.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
