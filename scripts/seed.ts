/**
 * `npm run seed`: loads the demo data set (scripts/lib/seed/) through the API.
 *
 * - If the local server answers `GET $BASE_URL/v1/health`, the data goes over HTTP with tokens signed by the key in
 *   DATA_DIR (the server must use the same DATA_DIR, or every call is a 401).
 * - Otherwise this starts the local runtime on DATA_DIR itself (as `npm start` would, without the HTTP server),
 *   calls the app with app.request, and stops the JVM afterwards, also on error or Ctrl-C.
 *
 * Environment: DATA_DIR (default `.data/`), BASE_URL (default `http://localhost:${PORT:-3000}`), TABLE_NAME
 * (`luanchuyen`, as the local server), SEED_TODAY (YYYY-MM-DD, default today in Asia/Ho_Chi_Minh: the date the
 * careers are placed against and the flags are read for). Re-running creates nothing twice.
 */
import { join, resolve } from 'node:path';
import { isIsoDate, todayInHoChiMinh } from '../shared/domain/dates';
import type { Role } from '../shared/domain/types';
import { apiCall, ApiCallError, type ApiFetch } from './lib/api-loader';
import { assertJava } from './lib/dynamo-local';
import { DEFAULT_DATA_DIR, DEFAULT_PORT } from './lib/local-defaults';
import { loadOrCreateLocalSecret, signLocalToken } from './lib/local-keys';
import type { LocalRuntime } from './lib/local-runtime';
import { formatSummary, seedThrough } from './lib/seed/load';
import { dataHeldBy, serverAnswers } from './lib/server-probe';
import { runCommand } from './lib/command';

let runtime: LocalRuntime | undefined;

/** A start-up problem whose message says everything. */
class SeedSetupError extends Error {}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  const baseUrl = (process.env.BASE_URL || `http://localhost:${process.env.PORT || DEFAULT_PORT}`).replace(/\/+$/, '');
  const today = process.env.SEED_TODAY || todayInHoChiMinh(new Date());
  if (!isIsoDate(today)) throw new SeedSetupError(`SEED_TODAY must be a date YYYY-MM-DD, got "${today}"`);

  let send: ApiFetch;
  let target: string;
  let sign: (role: Role) => Promise<string>;
  if (await serverAnswers(baseUrl)) {
    // The server verifies with the key in its DATA_DIR; sign with the one in ours (the same, if the user kept it).
    const secret = await loadOrCreateLocalSecret(dataDir);
    sign = (role) => signLocalToken(secret, { role, units: '*', sub: `seed-${role}` });
    target = baseUrl;
    send = (path, init) => fetch(`${baseUrl}${path}`, init);
  } else {
    const dbDir = join(dataDir, 'dynamodb');
    const held = dataHeldBy(dbDir, baseUrl);
    if (held) throw new SeedSetupError(held);
    assertJava();
    console.error(`No server at ${baseUrl}; starting DynamoDB Local on ${dbDir} ...`);
    const [{ startLocalRuntime }, { Logger }] = await Promise.all([
      import('./lib/local-runtime'),
      import('@aws-lambda-powertools/logger'),
    ]);
    // One log line per request would bury the summary; errors still show.
    runtime = await startLocalRuntime({ dataDir, logger: new Logger({ serviceName: 'luanchuyen-seed', logLevel: 'ERROR' }) });
    const { app, signToken } = runtime;
    sign = (role) => signToken({ role, units: '*', sub: `seed-${role}` });
    target = `in-process, DynamoDB Local on ${dbDir}`;
    send = async (path, init) => app.request(path, init);
  }
  const tokens = new Map<Role, Promise<string>>();
  const tokenFor = (role: Role) => {
    if (!tokens.has(role)) tokens.set(role, sign(role));
    return tokens.get(role)!;
  };

  console.error(`Seeding (${target}), reference date ${today} ...`);
  const report = await seedThrough(apiCall(send, tokenFor), { today, log: (line) => console.error(`  ${line}`) }).catch(
    (error) => {
      if (error instanceof ApiCallError && error.status === 401)
        throw new SeedSetupError(
          `${error.message}\nThe server at ${baseUrl} does not accept tokens signed with ${join(dataDir, 'jwt-secret')}: ` +
            'run the seed with the DATA_DIR the server was started with.',
        );
      throw error;
    },
  );
  console.log(formatSummary(report, target));
}

runCommand({
  main: async () => (await main(), 0),
  cleanup: async () => runtime?.close(),
  plain: (error) => error instanceof SeedSetupError || error instanceof ApiCallError,
  failure: 'Seed failed:',
  stopFailure: 'Error while stopping DynamoDB Local:',
});
