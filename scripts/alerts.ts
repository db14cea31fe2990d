/**
 * `npm run alerts -- --as-of YYYY-MM-DD`: runs the alert job (shared/use-cases/run-alerts.ts) on the local data, as
 * of a date (default today in Asia/Ho_Chi_Minh; never after it).
 *
 * - If the local server answers `GET $BASE_URL/v1/health`, the run goes through it: `POST /v1/alerts/run?asOf=` with
 *   an admin token signed by the key in DATA_DIR (as the seed does). The mail lands in the server's emulator, whose
 *   page (http://localhost:$SES_PORT/) shows it; this command lists what the run sent.
 * - Otherwise it starts the local runtime on DATA_DIR itself and runs the job in-process as the system actor. Mail goes
 *   to SES_ENDPOINT when set, else to an emulator started for this run (on a free port), and the mails are printed:
 *   that emulator stops with the command.
 *
 * Environment: DATA_DIR (`.data/`), BASE_URL (`http://localhost:${PORT:-3000}`), SES_PORT (8005, the server's mail
 * viewer), SES_ENDPOINT, MAIL_FROM, TABLE_NAME. A second run as of the same date sends nothing.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { formatDateVi, isIsoDate, todayInHoChiMinh } from '../shared/domain/dates';
import type { AlertRun } from '../shared/ports';
import { assertJava } from './lib/dynamo-local';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_SES_PORT } from './lib/local-defaults';
import { loadOrCreateLocalSecret, signLocalToken } from './lib/local-keys';
import type { LocalRuntime } from './lib/local-runtime';
import { dataHeldBy, serverAnswers } from './lib/server-probe';
import type { SesLocal, StoredMail } from './lib/ses-local';
import { runCommand } from './lib/command';

let runtime: LocalRuntime | undefined;
let mail: SesLocal | undefined;

/** A problem whose message says everything. */
class AlertsCommandError extends Error {}

function parseAsOf(args: string[]): string {
  let asOf: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--as-of') asOf = args[++i];
    else if (arg.startsWith('--as-of=')) asOf = arg.slice('--as-of='.length);
    else throw new AlertsCommandError(`Unknown argument "${arg}". Usage: npm run alerts -- [--as-of YYYY-MM-DD]`);
  }
  const today = todayInHoChiMinh(new Date());
  if (asOf === undefined) return today;
  if (!isIsoDate(asOf)) throw new AlertsCommandError(`--as-of must be a date YYYY-MM-DD, got "${asOf ?? ''}"`);
  if (asOf > today) throw new AlertsCommandError(`--as-of ${asOf} is after today (${today}, Asia/Ho_Chi_Minh): a run warns as of a day lived`);
  return asOf;
}

async function main(): Promise<void> {
  const asOf = parseAsOf(process.argv.slice(2));
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  const baseUrl = (process.env.BASE_URL || `http://localhost:${process.env.PORT || DEFAULT_PORT}`).replace(/\/+$/, '');
  const startedAt = Math.floor(Date.now() / 1000);

  if (await serverAnswers(baseUrl)) {
    const secret = await loadOrCreateLocalSecret(dataDir);
    const token = await signLocalToken(secret, { role: 'admin', units: '*', sub: 'alerts-cli' });
    const res = await fetch(`${baseUrl}/v1/alerts/run?asOf=${asOf}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as AlertRun & { detail?: string };
    if (res.status === 401)
      throw new AlertsCommandError(
        `${body.detail}\nThe server at ${baseUrl} does not accept tokens signed with ${join(dataDir, 'jwt-secret')}: ` +
          'run this with the DATA_DIR the server was started with.',
      );
    if (!res.ok) throw new AlertsCommandError(`POST /v1/alerts/run answered ${res.status}: ${body.detail ?? JSON.stringify(body)}`);
    console.log(summary(body, `through ${baseUrl}`));
    const viewer = process.env.SES_ENDPOINT || `http://localhost:${process.env.SES_PORT || DEFAULT_SES_PORT}`;
    const sent = await fetchMails(viewer, startedAt);
    if (sent) console.log(mailList(sent));
    console.log(`Mail viewer: ${viewer.replace(/\/+$/, '')}/`);
    return;
  }

  const dbDir = join(dataDir, 'dynamodb');
  const held = dataHeldBy(dbDir, baseUrl);
  if (held) throw new AlertsCommandError(held);
  assertJava();
  console.error(`No server at ${baseUrl}; starting DynamoDB Local on ${dbDir} ...`);
  const [{ startLocalRuntime }, { startSesLocal }, { systemActor }, { runAlerts }, { Logger }] = await Promise.all([
    import('./lib/local-runtime'),
    import('./lib/ses-local'),
    import('../shared/use-cases/policy'),
    import('../shared/use-cases/run-alerts'),
    import('@aws-lambda-powertools/logger'),
  ]);
  const external = process.env.SES_ENDPOINT || undefined;
  if (!external) mail = await startSesLocal({ port: 0 });
  const endpoint = external ?? mail!.endpoint;
  runtime = await startLocalRuntime({
    dataDir,
    env: { ...process.env, SES_ENDPOINT: endpoint },
    logger: new Logger({ serviceName: 'luanchuyen-alerts', logLevel: 'ERROR' }),
  });
  const run = await runAlerts(runtime.deps, systemActor('alerts', `cli-${randomUUID()}`), { asOf });
  console.log(summary(run, `in-process, DynamoDB Local on ${dbDir}`));
  const sent = await fetchMails(endpoint, startedAt);
  if (sent) console.log(mailList(sent));
  if (mail) console.log('(The mail above went to an emulator started for this run; with `npm start` running, mail stays in its viewer.)');
}

function summary(run: AlertRun, target: string): string {
  const lines = [
    `Alert run ${run.id} as of ${run.asOf} (${formatDateVi(run.asOf)}), ${target}`,
    `  mails sent          ${run.mailsSent} (officials notified ${run.officialsNotified}, leadership digests ${run.digestsSent}, retried from earlier runs ${run.retried})`,
    `  due dates read      ${run.windows.length ? run.windows.map((w) => (w.after ? `after ${w.after} through ${w.through}` : `through ${w.through}`)).join('; ') : 'none (not after the last completed run)'}`,
    `  digest month        ${run.digestMonth ?? 'none due (a run covering the 1st of a month sends it)'}`,
    `  failures            ${run.failures.length ? '' : 'none'}`,
    ...run.failures.map((f) => `    ${f.kind} ${f.unitId} -> ${f.recipients.join(', ')}: ${f.reason}`),
    `  units with no address ${run.unitsWithoutAddress.length ? '' : 'none'}`,
    ...run.unitsWithoutAddress.map((u) => `    ${u.unitId} ${u.unitName} (${u.kind}, ${u.notices} notice(s) kept for the next run)`),
  ];
  if (run.invalidAddresses.length)
    lines.push(`  invalid addresses   ${run.invalidAddresses.map((a) => `${a.unitId}: ${a.address}`).join(', ')}`);
  return lines.join('\n');
}

async function fetchMails(endpoint: string, since: number): Promise<StoredMail[] | undefined> {
  try {
    const res = await fetch(`${endpoint.replace(/\/+$/, '')}/store?since=${since}`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return undefined;
    return ((await res.json()) as { emails: StoredMail[] }).emails;
  } catch {
    return undefined;
  }
}

function mailList(mails: StoredMail[]): string {
  if (!mails.length) return 'Mails in the viewer from this run: none';
  return ['Mails in the viewer from this run:', ...mails.map((m) => `  to ${m.destination.to.join(', ')}\n     ${m.subject}`)].join('\n');
}

runCommand({
  main: async () => (await main(), 0),
  cleanup: async () => {
    await mail?.close();
    await runtime?.close();
  },
  plain: (error) => error instanceof AlertsCommandError,
  failure: 'Alert run failed:',
  stopFailure: 'Error while stopping:',
});
