/**
 * `npm run seed`: loads the demo data set (scripts/lib/seed-data.ts) through the API.
 *
 * - If the local server answers `GET $BASE_URL/v1/health`, the data goes over HTTP with tokens signed by the key in
 *   DATA_DIR (the server must use the same DATA_DIR, or every call is a 401).
 * - Otherwise this starts DynamoDB Local on `$DATA_DIR/dynamodb` itself, builds the same app in-process, calls it
 *   with app.request, and stops the JVM afterwards, also on error or Ctrl-C.
 *
 * Environment: DATA_DIR (default `.data/`), BASE_URL (default `http://localhost:${PORT:-3000}`), TABLE_NAME
 * (`luanchuyen`, as the local server), SEED_TODAY (YYYY-MM-DD, default today in Asia/Ho_Chi_Minh: the date the
 * careers are placed against and the flags are read for). Re-running creates nothing twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIsoDate, todayInHoChiMinh } from '../shared/domain/dates';
import type { Role } from '../shared/domain/types';
import { assertJava, isGone, startDynamoLocal, type DynamoLocal } from './lib/dynamo-local';
import { loadOrCreateLocalSecret, signLocalToken } from './lib/local-keys';
import { formatSummary, SeedCallError, seedThrough, type SeedCall, type SeedRole } from './lib/seed-data';

// Read when the first SDK client is built, which happens after this line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const HEALTH_TIMEOUT_MS = 2_000;

let dynamo: DynamoLocal | undefined;

/** A start-up problem whose message says everything. */
class SeedSetupError extends Error {}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? '.data/');
  const baseUrl = (process.env.BASE_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
  const today = process.env.SEED_TODAY || todayInHoChiMinh(new Date());
  if (!isIsoDate(today)) throw new SeedSetupError(`SEED_TODAY must be a date YYYY-MM-DD, got "${today}"`);
  const secret = await loadOrCreateLocalSecret(dataDir);
  const tokens = new Map<SeedRole, string>();
  const token = async (role: Role & SeedRole) => {
    if (!tokens.has(role)) tokens.set(role, await signLocalToken(secret, { role, units: '*', sub: `seed-${role}` }));
    return tokens.get(role)!;
  };

  let call: SeedCall;
  let target: string;
  if (await serverAnswers(baseUrl)) {
    target = baseUrl;
    call = async (method, path, body, role) =>
      parse(
        await fetch(`${baseUrl}${path}`, {
          method,
          headers: requestHeaders(await token(role), body),
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
  } else {
    const app = await startInProcess(dataDir, secret);
    target = `in-process, DynamoDB Local on ${join(dataDir, 'dynamodb')}`;
    call = async (method, path, body, role) =>
      parse(
        await app.request(path, {
          method,
          headers: requestHeaders(await token(role), body),
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
  }

  console.error(`Seeding (${target}), reference date ${today} ...`);
  const report = await seedThrough(call, { today, log: (line) => console.error(`  ${line}`) }).catch((error) => {
    if (error instanceof SeedCallError && error.status === 401)
      throw new SeedSetupError(
        `${error.message}\nThe server at ${baseUrl} does not accept tokens signed with ${join(dataDir, 'jwt-secret')}: ` +
          'run the seed with the DATA_DIR the server was started with.',
      );
    throw error;
  });
  console.log(formatSummary(report, target));
}

async function serverAnswers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

function requestHeaders(bearer: string, body: unknown): Record<string, string> {
  return { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
}

async function parse(res: Response): Promise<{ status: number; body: any }> {
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: res.status, body: text };
  }
}

/** DynamoDB Local on the data directory, the table, and the app with the local authenticator. */
async function startInProcess(dataDir: string, secret: Uint8Array) {
  const dbDir = join(dataDir, 'dynamodb');
  refuseIfServerHoldsData(dbDir);
  // -sharedDb makes credentials irrelevant; dummies keep the SDK from looking for real AWS ones.
  if (!process.env.AWS_ACCESS_KEY_ID) {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    delete process.env.AWS_SESSION_TOKEN;
  }
  assertJava();
  console.error(`No server at BASE_URL; starting DynamoDB Local on ${dbDir} ...`);
  dynamo = await startDynamoLocal({ dataDir: dbDir });

  const [{ DynamoDBClient }, { ensureTable }, { loadConfig }, { buildAppDeps }, { createApp }, { localJwtAuthenticator }] =
    await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('../shared/adapters/dynamo/ensure-table'),
      import('../shared/config'),
      import('../shared/wiring'),
      import('../shared/http/app'),
      import('../shared/http/auth'),
    ]);
  const { Logger } = await import('@aws-lambda-powertools/logger');
  const tableName = process.env.TABLE_NAME || 'luanchuyen';
  const config = loadConfig({ ...process.env, TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint, AUTH_MODE: 'local' });
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: config.AWS_REGION });
  try {
    await ensureTable(admin, tableName);
  } finally {
    admin.destroy();
  }
  return createApp(
    buildAppDeps({
      config,
      authenticator: localJwtAuthenticator(secret),
      // One log line per request would bury the summary; errors still show.
      logger: new Logger({ serviceName: 'luanchuyen-seed', logLevel: 'ERROR' }),
    }),
  );
}

/**
 * A live DynamoDB Local on this data directory means a local server is running on another address: starting a
 * second one would stop the server's (the launcher kills a JVM it finds holding the directory).
 */
function refuseIfServerHoldsData(dbDir: string): void {
  const pidFile = join(dbDir, 'dynamodb-local.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && !isGone(pid))
    throw new SeedSetupError(
      `DynamoDB Local (pid ${pid}) is running on ${dbDir}, but no server answered at BASE_URL. ` +
        'If `npm start` runs on another port, set BASE_URL (or PORT) to it; otherwise stop that process and retry.',
    );
}

let finishing = false;
async function finish(code: number): Promise<never> {
  if (finishing) process.exit(code || 130);
  finishing = true;
  try {
    await dynamo?.stop();
  } catch (error) {
    console.error('Error while stopping DynamoDB Local:', error);
    code = code || 1;
  }
  process.exit(code);
}

process.on('SIGINT', () => void finish(130));
process.on('SIGTERM', () => void finish(143));

main().then(
  () => finish(0),
  (error: unknown) => {
    if (error instanceof SeedSetupError || error instanceof SeedCallError || (error as Error)?.name === 'JavaUnavailableError')
      console.error((error as Error).message);
    else console.error('Seed failed:', error);
    return finish(1);
  },
);
