/**
 * `npm start`: the local runtime (scripts/lib/local-runtime.ts) with its data under `$DATA_DIR`, serving the same
 * Hono app as the Lambda on http://localhost:$PORT, with local HS256 tokens (`npm run token`) instead of Cognito.
 *
 * Environment: DATA_DIR (default `.data/`), PORT (3000), HOST (127.0.0.1), DYNAMODB_PORT (a free port),
 * TABLE_NAME (`luanchuyen`), SES_PORT (8005; 0 = a free one): the mail emulator aws-ses-v2-local, in this process, whose
 * page shows the mail sent; with SES_ENDPOINT set, mail goes there instead and no emulator starts. Plus anything
 * shared/config.ts reads (MAIL_FROM...).
 *
 * It never leaves a JVM behind: Ctrl-C / SIGTERM stop it in order (exit 0), a crash stops it (exit 1), and a hard
 * kill of this process is covered by the launcher's watchdog (scripts/lib/dynamo-local.ts).
 */
import type { ServerType } from '@hono/node-server';
import { resolve } from 'node:path';
import { assertJava, DataDirInUseError, freePort, JavaUnavailableError } from './lib/dynamo-local';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_SES_PORT } from './lib/local-defaults';
import type { LocalRuntime } from './lib/local-runtime';
import type { SesLocal } from './lib/ses-local';

const STOP_GRACE_MS = 3_000;

let runtime: LocalRuntime | undefined;
let server: ServerType | undefined;
let mail: SesLocal | undefined;
let stopping = false;

/** Closes the HTTP server, stops the JVM, exits. A second signal while stopping exits at once (the watchdog still
 * stops the JVM, because this process's exit closes its pipe). */
async function shutdown(code: number): Promise<void> {
  if (stopping) process.exit(code || 130);
  stopping = true;
  try {
    if (server !== undefined) await closeServer(server);
    await mail?.close();
    await runtime?.close();
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
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  const port = portFromEnv('PORT', DEFAULT_PORT) ?? DEFAULT_PORT;
  const host = process.env.HOST || '127.0.0.1';
  const dynamoPort = portFromEnv('DYNAMODB_PORT', undefined);
  // The emulator's port is known before the app is built, so the mail adapter is pointed at it from the start.
  const externalMail = process.env.SES_ENDPOINT || undefined;
  const sesPort = externalMail ? undefined : (portFromEnv('SES_PORT', DEFAULT_SES_PORT) || (await freePort()));

  // Before anything heavy is loaded, so a missing Java is one clear message.
  assertJava();
  // Loaded only now: nothing of the app is needed (or may fail to load) before Java is known to be there.
  const [{ startLocalRuntime }, { formatBanner, serverBaseUrl }, { serve }, { startSesLocal, SesPortUnavailableError }] = await Promise.all([
    import('./lib/local-runtime'),
    import('./lib/banner'),
    import('@hono/node-server'),
    import('./lib/ses-local'),
  ]);
  const env = {
    ...process.env,
    SES_ENDPOINT: externalMail ?? `http://127.0.0.1:${sesPort}`,
    // The alert mails link to this server's console.
    CONSOLE_URL: process.env.CONSOLE_URL || `${serverBaseUrl(host, port)}/console`,
  };
  runtime = await startLocalRuntime({ dataDir, dynamoPort, env }).catch((error: unknown) => {
    // Another server (or a seed running on its own) has this data: it keeps running, this one does not start.
    if (error instanceof DataDirInUseError) {
      const holder = /scripts\/seed\.ts/.test(error.holderCommand) ? 'npm run seed' : 'npm start';
      throw new StartupError(
        `DATA_DIR ${dataDir} is in use by another ${holder} (pid ${error.holderPid}); stop it first or use another DATA_DIR.`,
      );
    }
    throw error;
  });
  if (stopping) return;
  const { app } = runtime;

  if (sesPort !== undefined) {
    mail = await startSesLocal({ port: sesPort }).catch((error: unknown) => {
      throw error instanceof SesPortUnavailableError ? new StartupError(error.message) : error;
    });
    if (stopping) return;
  }

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

  const { text } = formatBanner({
    dataDir,
    projectDir: process.cwd(),
    host,
    port,
    dynamoEndpoint: runtime.endpoint,
    tableName: runtime.tableName,
    table: runtime.table,
    pid: process.pid,
    mailViewer: mail?.viewerUrl,
    sesPort: mail?.port,
    mailEndpoint: runtime.config.SES_ENDPOINT,
  });
  console.log(text);
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
