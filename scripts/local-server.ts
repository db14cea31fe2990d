/**
 * `npm start`: the embedded local runtime. Starts DynamoDB Local with its data under `$DATA_DIR/dynamodb`, creates
 * the table, and serves the same Hono app as the Lambda on http://localhost:$PORT, with local HS256 tokens
 * (`npm run token`) instead of Cognito.
 *
 * Environment: DATA_DIR (default `.data/`), PORT (3000), HOST (127.0.0.1), DYNAMODB_PORT (a free port),
 * TABLE_NAME (`luanchuyen`), plus anything shared/config.ts reads.
 *
 * It never leaves a JVM behind: Ctrl-C / SIGTERM stop it in order (exit 0), a crash stops it (exit 1), and a hard
 * kill of this process is covered by the launcher's watchdog (scripts/lib/dynamo-local.ts).
 */
import type { ServerType } from '@hono/node-server';
import { join, resolve } from 'node:path';
import { assertJava, JavaUnavailableError, startDynamoLocal, type DynamoLocal } from './lib/dynamo-local';

// Node 20 is supported by this project; the SDK's notice about its own future plans is noise here. It is read when
// the first client is built, which happens below, after this line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const STOP_GRACE_MS = 3_000;

let dynamo: DynamoLocal | undefined;
let server: ServerType | undefined;
let stopping = false;

/** Closes the HTTP server, stops the JVM, exits. A second signal while stopping exits at once (the watchdog still
 * stops the JVM, because this process's exit closes its pipe). */
async function shutdown(code: number): Promise<void> {
  if (stopping) process.exit(code || 130);
  stopping = true;
  try {
    if (server !== undefined) await closeServer(server);
    await dynamo?.stop();
  } catch (error) {
    console.error('Error while stopping:', error);
    code = code || 1;
  }
  process.exit(code);
}

function closeServer(s: ServerType): Promise<void> {
  return new Promise((done) => {
    // Keep-alive connections (a browser on /docs) would hold close() open; cut them after a grace period.
    const timer = setTimeout(() => {
      if ('closeAllConnections' in s) s.closeAllConnections();
    }, STOP_GRACE_MS);
    timer.unref();
    s.close(() => {
      clearTimeout(timer);
      done();
    });
  });
}

function portFromEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? '.data/');
  const port = portFromEnv('PORT', 3000) ?? 3000;
  const host = process.env.HOST || '127.0.0.1';
  const dynamoPort = portFromEnv('DYNAMODB_PORT', undefined);
  const tableName = process.env.TABLE_NAME || 'luanchuyen';
  // DynamoDB Local runs with -sharedDb, so any credentials see the same data; dummies keep the SDK's credential
  // chain from looking for (or finding) real AWS ones.
  if (!process.env.AWS_ACCESS_KEY_ID) {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    delete process.env.AWS_SESSION_TOKEN;
  }

  // Before anything heavy is loaded, so a missing Java is one clear message.
  assertJava();
  dynamo = await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb'), port: dynamoPort });
  if (stopping) return;

  // Loaded only now: nothing of the app is needed (or may fail to load) before Java is known to be there.
  const [{ DynamoDBClient }, { ensureTable }, { loadOrCreateLocalSecret }, { fileAssetReader, swaggerUiDistDir }] =
    await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('../shared/adapters/dynamo/ensure-table'),
      import('./lib/local-keys'),
      import('../shared/adapters/docs-assets'),
    ]);
  const [{ loadConfig }, { buildAppDeps }, { createApp }, { localJwtAuthenticator }, { serve }] = await Promise.all([
    import('../shared/config'),
    import('../shared/wiring'),
    import('../shared/http/app'),
    import('../shared/http/auth'),
    import('@hono/node-server'),
  ]);

  const config = loadConfig({
    ...process.env,
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AUTH_MODE: 'local',
  });
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: config.AWS_REGION });
  const table = await ensureTable(admin, tableName);
  admin.destroy();

  const secret = await loadOrCreateLocalSecret(dataDir);
  const deps = buildAppDeps({
    config,
    authenticator: localJwtAuthenticator(secret),
    readDocsAsset: fileAssetReader(swaggerUiDistDir()),
  });
  const app = createApp(deps);

  await new Promise<void>((listening, failed) => {
    server = serve({ fetch: app.fetch, port, hostname: host }, () => listening());
    server.once('error', failed);
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new StartupError(`Port ${port} is in use. Stop whatever holds it, or start with PORT=<other port>.`);
    }
    throw error;
  });
  server?.on('error', (error) => console.error('HTTP server error:', error));
  if (stopping) return;

  const base = `http://${host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  const tokenCommand = `npm run token -- --role hr --units '*'`;
  console.log(
    [
      '',
      'luanchuyen local server is running',
      `  API        ${base}/v1`,
      `  Docs       ${base}/docs`,
      `  OpenAPI    ${base}/v1/openapi.json`,
      `  DynamoDB   ${dynamo.endpoint} (table ${tableName} ${table === 'created' ? 'created' : 'kept'}, data in ${join(dataDir, 'dynamodb')})`,
      '',
      `Get a token:  ${tokenCommand}`,
      `Try it:       curl -H "Authorization: Bearer $(npm run -s token -- --role hr --units '*')" ${base}/v1/officials`,
      '',
      // `kill <npm's pid>` would stop npm's shell but not this process; this pid (or Ctrl-C) stops everything.
      `Stop with Ctrl-C, or kill -TERM ${process.pid}.`,
      '',
    ].join('\n'),
  );
}

/** A startup failure whose message says everything; no stack trace. */
class StartupError extends Error {}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
process.on('uncaughtException', (error) => {
  console.error('Fatal error, stopping:', error);
  void shutdown(1);
});
process.on('unhandledRejection', (reason) => {
  console.error('Unhandled promise rejection, stopping:', reason);
  void shutdown(1);
});

main().catch((error: unknown) => {
  if (error instanceof JavaUnavailableError || error instanceof StartupError) console.error(error.message);
  else console.error('Could not start the local server:', error);
  void shutdown(1);
});
