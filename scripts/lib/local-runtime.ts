/**
 * The one local runtime behind every local edge: `npm start`, the seed when no server runs, the bench and the
 * tests. It starts DynamoDB Local (or uses one already running), makes sure the table exists from the production
 * definition, and builds the deps and the app exactly as the Lambda does (shared/wiring.ts), with local HS256
 * tokens instead of Cognito. What differs between the edges is only what they pass in.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { swaggerUiDistDir } from '../../shared/adapters/docs-assets';
import { createDynamoClient, type DynamoClient } from '../../shared/adapters/dynamo/client';
import { ensureTable } from '../../shared/adapters/dynamo/ensure-table';
import { loadConfig, type Config } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import type { AppDeps } from '../../shared/http/env';
import { buildAppDeps } from '../../shared/wiring';
import { startDynamoLocal, type DynamoLocal } from './dynamo-local';
import { withEnv } from './banner';
import { DEFAULT_DATA_DIR, DEFAULT_MAIL_FROM, DEFAULT_PORT, DEFAULT_SES_PORT, DEFAULT_TABLE_NAME } from './local-defaults';
import { loadOrCreateLocalSecret, signLocalToken, type LocalTokenClaims } from './local-keys';

export interface LocalRuntimeOptions {
  /**
   * Keep state in this directory, as `npm start` does with DATA_DIR: tables under `dynamodb/`, the token key in
   * `jwt-secret`. Omitted: tables in memory (gone on close) and a key that lives as long as the process. With
   * `endpoint`, only the key is kept here.
   */
  dataDir?: string;
  /**
   * Use the DynamoDB Local already answering here (the tests' one per run) instead of starting one. close() then
   * leaves it running. Combine with a `tableName` of your own: -sharedDb means every caller sees every table.
   */
  endpoint?: string;
  /**
   * A DynamoDB Local the caller started (startDynamoLocal on `dataDir`/dynamodb), handed over with its start still
   * under way so the JVM's start overlaps the loading of this module and the app: the runtime uses it and close()
   * stops it, as if started here.
   */
  dynamo?: Promise<DynamoLocal>;
  /** The port of a DynamoDB Local started here; omitted = a free one. */
  dynamoPort?: number;
  /** JVM flags for a DynamoDB Local started here. */
  javaOptions?: string[];
  /** Default: TABLE_NAME from `env`, else `luanchuyen`. */
  tableName?: string;
  /**
   * What config is read from (default process.env). The runtime sets the table name, the DynamoDB endpoint,
   * AUTH_MODE=local and (unless given) DOCS_ASSET_DIR, SES_ENDPOINT (the mail emulator on SES_PORT, default 8005, of
   * this machine: never real SES), MAIL_FROM and CONSOLE_URL (`http://localhost:$PORT/console`) over it.
   */
  env?: Record<string, string | undefined>;
  now?: () => Date;
  newId?: () => string;
  logger?: Logger;
}

export interface LocalRuntime {
  config: Config;
  /** DynamoDB Local's endpoint, `http://127.0.0.1:<port>`. */
  endpoint: string;
  tableName: string;
  /** Whether this start created the table or found it (a restart on the same data keeps it). */
  table: 'created' | 'exists';
  /** The DynamoDB Local this runtime started; undefined when it used `endpoint`. */
  dynamo?: DynamoLocal;
  /** The client behind the deps: tests read the table through it, the bench meters it. */
  client: DynamoClient;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** A token the app accepts, signed with this runtime's key. */
  signToken(claims: LocalTokenClaims): Promise<string>;
  /** Destroys the client and stops the DynamoDB Local this runtime started. Safe to call more than once. */
  close(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  // Node 20 is supported by this project; the SDK's notice about its own future plans is noise here. The SDK reads
  // this when the first client is built, which is below.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const tableName = options.tableName ?? (env.TABLE_NAME || DEFAULT_TABLE_NAME);

  const dynamo = options.dynamo
    ? await options.dynamo
    : options.endpoint === undefined
      ? await startDynamoLocal({
          dataDir: dataDir === undefined ? undefined : join(dataDir, 'dynamodb'),
          port: options.dynamoPort,
          javaOptions: options.javaOptions,
        })
      : undefined;
  let client: DynamoClient | undefined;
  let mailer: { destroy?: () => void } | undefined;
  const close = once(async () => {
    mailer?.destroy?.();
    client?.destroy();
    await dynamo?.stop();
  });
  try {
    const config = loadConfig({
      ...env,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo?.endpoint ?? options.endpoint,
      AUTH_MODE: 'local',
      DOCS_ASSET_DIR: env.DOCS_ASSET_DIR || swaggerUiDistDir(),
      SES_ENDPOINT: env.SES_ENDPOINT || `http://127.0.0.1:${env.SES_PORT || DEFAULT_SES_PORT}`,
      MAIL_FROM: env.MAIL_FROM || DEFAULT_MAIL_FROM,
      // Where `npm start` serves the console: the alert mails link to it.
      CONSOLE_URL: env.CONSOLE_URL || `http://localhost:${env.PORT || DEFAULT_PORT}/console`,
    });
    client = createDynamoClient(config);
    const table = await ensureTable(client, tableName);
    const secret = dataDir === undefined ? new Uint8Array(randomBytes(32)) : await loadOrCreateLocalSecret(dataDir);
    const deps = buildAppDeps(config, {
      dynamoClient: client,
      localSecret: secret,
      now: options.now,
      newId: options.newId,
      logger: options.logger,
      // The console's sign-in page shows the token command for this server's key.
      tokenCommand: withEnv(
        { DATA_DIR: dataDir === undefined || dataDir === resolve(DEFAULT_DATA_DIR) ? undefined : dataDir },
        'npm run -s token --',
      ),
    });
    mailer = deps.mailer as { destroy?: () => void };
    return {
      config,
      endpoint: config.DYNAMODB_ENDPOINT!,
      tableName,
      table,
      dynamo,
      client,
      deps,
      app: createApp(deps),
      signToken: (claims) => signLocalToken(secret, claims),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}
