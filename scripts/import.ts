/**
 * `npm run import -- KIND FILE [--dry-run] [--base URL --token T]`: imports a CSV or XLSX file of any size.
 * The whole file is validated here first, with the domain's parser, and the report printed; then its valid rows go
 * through the API in chunks (scripts/lib/import-file.ts), with a progress bar on stderr. The summary (written,
 * skipped as present, refused with the reason, row by row) is kept in FILE.import-summary.json as the import goes.
 *
 * Where the rows go, as with the seed:
 * - `--base URL --token T`: a deployed stack (T is a Cognito ID token of an hr user);
 * - else the local server at BASE_URL (default `http://localhost:${PORT:-3000}`), with an hr token signed by the key in
 *   DATA_DIR (default `.data/`);
 * - else, when no server answers there, the local runtime started here on DATA_DIR, called in-process.
 *
 * Exit status: 0 when every row is written or already there, 2 when some rows were invalid or refused (the summary
 * says which and why), 1 when the import could not run.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseScopeClaim } from '../shared/auth-contract';
import { todayInHoChiMinh } from '../shared/domain/dates';
import { IMPORT_KINDS, type ImportKind } from '../shared/domain/import-templates';
import { apiCall, ApiCallError, type ApiFetch } from './lib/api-loader';
import { startDynamoLocal } from './lib/dynamo-local';
import {
  DEFAULT_CHUNK_ROWS,
  DEFAULT_CONCURRENCY,
  ImportCommandError,
  importThroughApi,
  type ImportSummary,
  type Progress,
} from './lib/import-file';
import { DEFAULT_DATA_DIR, DEFAULT_PORT } from './lib/local-defaults';
import { loadOrCreateLocalSecret, signLocalToken } from './lib/local-keys';
import type { LocalRuntime } from './lib/local-runtime';
import { dataHeldBy, serverAnswers } from './lib/server-probe';
import { runCommand } from './lib/command';

const USAGE = `Usage: npm run import -- ${IMPORT_KINDS.join('|')} FILE [--dry-run] [--base URL --token T]
                          [--chunk N] [--concurrency N] [--resume] [--summary PATH] [--units U1,U2]

  KIND            officials (công chức), assignments (quá trình công tác), assessments (đánh giá)
  FILE            .csv (UTF-8) or .xlsx, in the template of GET /v1/imports/templates/KIND
  --dry-run       kiểm tra, không ghi gì (validate and check against the data, write nothing)
  --base, --token a deployed stack and a Cognito ID token of an hr user (default: the local server)
  --chunk         rows per request (default ${DEFAULT_CHUNK_ROWS}, at most 5000)
  --concurrency   requests at once (default ${DEFAULT_CONCURRENCY})
  --resume        skip the chunks an earlier run of this same file completed (from its summary)
  --summary       where to keep the summary (default FILE.import-summary.json)
  --units         locally: the scope of the hr token (default '*')`;

let runtime: LocalRuntime | undefined;

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      base: { type: 'string' },
      token: { type: 'string' },
      chunk: { type: 'string' },
      concurrency: { type: 'string' },
      resume: { type: 'boolean', default: false },
      summary: { type: 'string' },
      units: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [kind, given, ...rest] = positionals;
  if (!kind || !given || rest.length) throw new ImportCommandError(USAGE);
  // npm runs scripts in the package's folder: a relative path is the caller's, from where `npm run` was typed.
  const here = process.env.INIT_CWD || process.cwd();
  const file = resolve(here, given);
  if (!(IMPORT_KINDS as readonly string[]).includes(kind))
    throw new ImportCommandError(`KIND must be one of ${IMPORT_KINDS.join(', ')}, got "${kind}"\n\n${USAGE}`);
  if (!existsSync(file)) throw new ImportCommandError(`No file ${file}`);
  if ((values.base === undefined) !== (values.token === undefined))
    throw new ImportCommandError('--base and --token go together: a deployed stack needs a token of an hr user');
  const count = (name: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new ImportCommandError(`--${name} must be a whole number from 1 to ${max}`);
    return n;
  };
  let units: string[] | '*' = '*';
  if (values.units !== undefined) {
    const parsed = parseScopeClaim(values.units);
    if (!('scope' in parsed)) throw new ImportCommandError(`--units: ${parsed.problem}`);
    units = parsed.scope;
  }
  return {
    kind: kind as ImportKind,
    file,
    dryRun: values['dry-run'],
    base: values.base?.replace(/\/+$/, ''),
    token: values.token,
    chunk: count('chunk', values.chunk, DEFAULT_CHUNK_ROWS, 5_000),
    concurrency: count('concurrency', values.concurrency, DEFAULT_CONCURRENCY, 16),
    resume: values.resume,
    summary: values.summary === undefined ? `${file}.import-summary.json` : resolve(here, values.summary),
    units,
  };
}

/** Where the rows go, and the call that takes them there. */
async function target(command: ReturnType<typeof parseCommand>): Promise<{ send: ApiFetch; token: () => Promise<string>; name: string; dataDir?: string }> {
  if (command.base) {
    const base = command.base;
    return { send: (path, init) => fetch(`${base}${path}`, init), token: async () => command.token!, name: base };
  }
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  const baseUrl = (process.env.BASE_URL || `http://localhost:${process.env.PORT || DEFAULT_PORT}`).replace(/\/+$/, '');
  const claims = { role: 'hr' as const, units: command.units, sub: 'import-cli' };
  if (await serverAnswers(baseUrl)) {
    const secret = await loadOrCreateLocalSecret(dataDir);
    const token = signLocalToken(secret, claims);
    return { send: (path, init) => fetch(`${baseUrl}${path}`, init), token: () => token, name: baseUrl, dataDir };
  }
  const dbDir = join(dataDir, 'dynamodb');
  const held = dataHeldBy(dbDir, baseUrl);
  if (held) throw new ImportCommandError(held);
  console.error(`No server at ${baseUrl}; starting DynamoDB Local on ${dbDir} ...`);
  // The JVM starts (seconds) while the app's modules load; the runtime takes it over, and stops it on close. It runs
  // one file's import, then stops: without the optimising compiler (C2), whose compiling took as much CPU as the
  // import itself, a 2,000-row import used about 45% less CPU and was no slower on the 2-core development machine.
  const dynamo = startDynamoLocal({ dataDir: dbDir, javaOptions: ['-XX:TieredStopAtLevel=1'] });
  dynamo.catch(() => {});
  const [{ startLocalRuntime }, { Logger }] = await Promise.all([import('./lib/local-runtime'), import('@aws-lambda-powertools/logger')]);
  runtime = await startLocalRuntime({ dataDir, dynamo, logger: new Logger({ serviceName: 'luanchuyen-import', logLevel: 'ERROR' }) });
  const { app, signToken } = runtime;
  const token = signToken(claims);
  return { send: async (path, init) => app.request(path, init), token: () => token, name: `in-process, DynamoDB Local on ${dbDir}`, dataDir };
}

/** A bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (a log, CI). */
function progressBar(started: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  let last = '';
  return (p: Progress, final = false) => {
    if (p.rowsTotal === 0) return;
    const state = `${p.rowsDone}/${p.chunksDone}`;
    if (final && state === last) {
      if (tty) process.stderr.write('\n');
      return;
    }
    last = state;
    const share = p.rowsDone / p.rowsTotal;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? p.rowsDone / seconds : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '-');
    const eta = rate > 0 && p.rowsDone < p.rowsTotal ? `, còn ~${Math.ceil((p.rowsTotal - p.rowsDone) / rate)} s` : '';
    const line =
      `[${bar}] ${p.rowsDone.toLocaleString('en')}/${p.rowsTotal.toLocaleString('en')} dòng (rows) ${Math.floor(share * 100)}%, ` +
      `phần ${p.chunksDone}/${p.chunks}, ${seconds.toFixed(1)} s${eta}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else if (Math.floor(share * 10) > lastTenth || final) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

function printValidation(summary: ImportSummary): void {
  const lines = [
    `Tệp (file) ${basename(summary.file)}: mẫu ${summary.kind}, ${summary.rows} dòng (rows), ${summary.rows - summary.invalid} hợp lệ (valid)`,
  ];
  const invalid = summary.errors;
  if (invalid.length) {
    lines.push('Lỗi (errors):');
    for (const e of invalid.slice(0, 30)) lines.push(`  dòng ${e.row}, ${e.column}: ${e.message}`);
    if (invalid.length > 30) lines.push(`  ... ${invalid.length - 30} lỗi nữa (more) in the summary file`);
  }
  console.log(lines.join('\n'));
}

function printSummary(summary: ImportSummary, seconds: number, summaryPath: string): void {
  const sent = summary.written + summary.present + summary.failed;
  const line = (label: string, value: string | number) => `  ${label.padEnd(26)} ${value}`;
  const lines = [
    `Kết quả (summary)${summary.dryRun ? ', chạy thử (dry run): không ghi gì' : ''}, ${summary.target}:`,
    line(summary.dryRun ? 'sẽ ghi (would write)' : 'đã ghi (written)', summary.written),
    line('đã có, bỏ qua (present)', summary.present),
    line('bị từ chối (refused)', summary.failed),
    line('không hợp lệ (invalid)', summary.invalid),
    line('thời gian (time)', `${seconds.toFixed(1)} s${sent ? `, ${Math.round(sent / seconds)} dòng/s (rows/s)` : ''}`),
  ];
  const skipped = summary.chunks.filter((c) => c.status === 'skipped').length;
  if (skipped) lines.push(line('phần xong từ lần trước', `${skipped} (chunks an earlier run completed, not sent again)`));
  if (summary.refused.length) {
    lines.push('Bị từ chối (refused):');
    for (const e of summary.refused.slice(0, 30)) lines.push(`  dòng ${e.row}, ${e.column}: ${e.message}`);
    if (summary.refused.length > 30) lines.push(`  ... ${summary.refused.length - 30} lỗi nữa (more) in the summary file`);
  }
  lines.push(`Chi tiết (details): ${summaryPath}`);
  console.log(lines.join('\n'));
}

/** Written whole or not at all: a crash never leaves half a summary for --resume to read. */
function keep(summaryPath: string, summary: ImportSummary): void {
  const temp = `${summaryPath}.tmp`;
  writeFileSync(temp, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temp, summaryPath);
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  const bytes = new Uint8Array(readFileSync(command.file));
  let previous: ImportSummary | undefined;
  if (command.resume && existsSync(command.summary)) previous = JSON.parse(readFileSync(command.summary, 'utf8')) as ImportSummary;

  const to = await target(command);
  const started = performance.now();
  const draw = progressBar(started);
  let printed = false;
  const summary = await importThroughApi({
    kind: command.kind,
    fileName: basename(command.file),
    bytes,
    dryRun: command.dryRun,
    call: apiCall(to.send, to.token),
    target: to.name,
    today: todayInHoChiMinh(new Date()),
    chunkRows: command.chunk,
    concurrency: command.concurrency,
    resume: previous,
    onUpdate: (current, progress) => {
      if (!printed) {
        // The file's own report, before anything is sent.
        printValidation(current);
        console.error(`${command.dryRun ? 'Chạy thử (dry run)' : 'Nhập (importing)'} ${progress.rowsTotal} dòng hợp lệ qua (through) ${to.name} ...`);
        printed = true;
      }
      keep(command.summary, current);
      draw(progress, current.finishedAt !== undefined);
    },
  }).catch((error: unknown) => {
    if (error instanceof ApiCallError && error.status === 401 && to.dataDir)
      throw new ImportCommandError(
        `${error.message}\nThe server does not accept tokens signed with ${join(to.dataDir, 'jwt-secret')}: run this with the ` +
          'DATA_DIR the server was started with.',
      );
    throw error;
  });
  printSummary(summary, (performance.now() - started) / 1000, command.summary);
  return summary.invalid + summary.failed > 0 ? 2 : 0;
}

runCommand({
  main,
  cleanup: async () => runtime?.close(),
  plain: (error) => error instanceof ImportCommandError || error instanceof ApiCallError,
  failure: 'Import failed:',
  stopFailure: 'Error while stopping DynamoDB Local:',
});
