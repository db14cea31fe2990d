/**
 * The DynamoDB Local launcher: it starts, it keeps data, and whatever happens to its parent no JVM is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, isGone, startDynamoLocal } from '../../scripts/lib/dynamo-local';

const ROOT = resolve(import.meta.dirname, '../..');
const LAUNCHER = join(ROOT, 'scripts/lib/dynamo-local.ts');
/** These JVMs live for seconds: a faster start matters more than peak speed. */
const FAST = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'other', secretAccessKey: 'x' } });
}

/**
 * One process of this test, known by its pid and its start time (field 22 of /proc/<pid>/stat, clock ticks since
 * boot), so that a pid handed to a new process after ours ended is not mistaken for ours. Watching our own pids,
 * not command lines, keeps other DynamoDB Local processes on the machine (another test file's, a developer's
 * `npm start`, one that was given our port after us) out of the picture.
 */
interface OwnProcess {
  name: string;
  pid: number;
  startedAt: string | undefined;
}

/** The fields of /proc/<pid>/stat from the third on (index 0 is the state); undefined without procfs or process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).stdout;
  }
}

function ownProcess(name: string, pid: number): OwnProcess {
  return { name, pid, startedAt: statFields(pid)?.[19] };
}

/** The parent of a running process (the JVM's is its watchdog shell). */
function parentPid(pid: number): number {
  const ppid = Number(statFields(pid)?.[1]);
  if (!Number.isInteger(ppid) || ppid <= 0) throw new Error(`cannot read the parent of process ${pid}`);
  return ppid;
}

function stillRuns(p: OwnProcess): boolean {
  if (isGone(p.pid)) return false;
  const startedAt = statFields(p.pid)?.[19];
  // Without procfs the pid alone has to do.
  return p.startedAt === undefined || startedAt === undefined || startedAt === p.startedAt;
}

/** How long a stopped or orphaned process tree may take to go: generous, for a busy 2-core machine. */
const GONE_WITHIN_MS = 60_000;

/**
 * Polls until none of `processes` runs, or the deadline passes, and returns those still running then. Exit after a
 * signal is asynchronous (the watchdog must see EOF on its stdin, signal the JVM, whose shutdown hooks run), so one
 * look right after the kill would race it, the more so on a loaded machine.
 */
async function stillRunningAfter(processes: OwnProcess[], timeoutMs = GONE_WITHIN_MS): Promise<OwnProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = processes.filter(stillRuns);
    if (running.length === 0 || Date.now() >= deadline) return running;
    await sleep(100);
  }
}

function describeProcesses(processes: OwnProcess[]): string {
  return processes.map((p) => `${p.name} ${p.pid} (${commandLine(p.pid).slice(0, 160)})`).join('; ');
}

/** The JVM started for `port`, checked by its command line, and its watchdog shell. */
function jvmAndWatchdog(jvmPid: number, port: number): OwnProcess[] {
  const jvm = ownProcess('JVM', jvmPid);
  const watchdog = ownProcess('watchdog', parentPid(jvmPid));
  expect(commandLine(jvm.pid)).toMatch(new RegExp(`DynamoDBLocal\\.jar .*-port ${port}( |$)`));
  expect(commandLine(watchdog.pid)).toContain('dynamodb-local-watchdog');
  return [watchdog, jvm];
}

/**
 * Starts DynamoDB Local from a child Node process (a launcher other than this one), on `dataDir` or in memory, and
 * resolves once the child has printed the JVM's port and pid. The child stays until killed (afterAll kills it).
 */
async function launchInChild(dataDir?: string): Promise<{ parent: ChildProcess; exited: Promise<unknown>; port: number; pid: number }> {
  const childScript = join(scratch, `parent-${children.size}.mts`);
  const options = { javaOptions: FAST, ...(dataDir === undefined ? {} : { dataDir }) };
  await writeFile(
    childScript,
    [
      `import { startDynamoLocal } from ${JSON.stringify(LAUNCHER)};`,
      `const dynamo = await startDynamoLocal(${JSON.stringify(options)});`,
      `console.log(JSON.stringify({ port: dynamo.port, pid: dynamo.pid }));`,
      `setInterval(() => {}, 60_000);`,
    ].join('\n'),
  );
  const parent = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(parent);
  const exited = new Promise((done) => parent.once('exit', done));
  const [line] = await Promise.race([
    (async () => {
      for await (const l of createInterface({ input: parent.stdout })) return [l];
      return [undefined];
    })(),
    exited.then(() => [undefined]),
  ]);
  expect(line, 'the child printed the launched JVM').toBeDefined();
  const { port, pid } = JSON.parse(line as string) as { port: number; pid: number };
  return { parent, exited, port, pid };
}

/** Each JVM start takes seconds, many more when the machine is busy. */
const JVM_TEST_TIMEOUT = 120_000;
/** Children still running when a test failed early; killed so their JVMs follow (via the watchdog). */
const children = new Set<ChildProcess>();

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'luanchuyen-dynamo-local-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(scratch, { recursive: true, force: true });
});

describe('startDynamoLocal', { timeout: JVM_TEST_TIMEOUT }, () => {
  it('serves DynamoDB on the reported endpoint, refuses a taken port, and stop() leaves no JVM', async () => {
    const dynamo = await startDynamoLocal({ javaOptions: FAST });
    let own: OwnProcess[] = [];
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
      own = jvmAndWatchdog(dynamo.pid, dynamo.port);
      const listed = await clientFor(dynamo.endpoint).send(new ListTablesCommand({}));
      expect(listed.TableNames).toEqual([]);
      // Otherwise the readiness check would be answered by the instance already there.
      await expect(startDynamoLocal({ port: dynamo.port, javaOptions: FAST })).rejects.toThrow(/already in use/);
    } finally {
      await dynamo.stop();
    }
    // stop() resolves once the JVM has exited; the deadline covers only the watchdog shell's own exit.
    expect(isGone(dynamo.pid)).toBe(true);
    const left = await stillRunningAfter(own);
    expect(left, `still running after stop(): ${describeProcesses(left)}`).toEqual([]);
    // A second stop is harmless.
    await dynamo.stop();
  });

  it('keeps tables across starts on one data directory, and a new start stops a JVM a crashed run left there', { timeout: 2 * JVM_TEST_TIMEOUT }, async () => {
    const dataDir = join(scratch, 'persist');
    const first = await startDynamoLocal({ dataDir, javaOptions: FAST });
    try {
      await clientFor(first.endpoint).send(
        new CreateTableCommand({
          TableName: 'kept',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        }),
      );
    } finally {
      await first.stop();
    }
    // The second run crashes in a way the watchdog cannot handle: its watchdog is killed, then its launcher. Its
    // JVM lives on, holding the data directory, with nobody left to stop it.
    const crashed = await launchInChild(dataDir);
    expect(Number((await readFile(join(dataDir, 'dynamodb-local.pid'), 'utf8')).trim())).toBe(crashed.pid);
    const orphan = ownProcess('JVM', crashed.pid);
    let third: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
    try {
      const other = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${crashed.port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'someoneelse', secretAccessKey: 'y' },
      });
      expect((await other.send(new ListTablesCommand({}))).TableNames).toEqual(['kept']);
      process.kill(parentPid(crashed.pid), 'SIGKILL');
      crashed.parent.kill('SIGKILL');
      await crashed.exited;
      expect(stillRuns(orphan), 'the orphaned JVM outlived its watchdog and launcher').toBe(true);

      // The third start finds the pid file and the orphan: its launcher is gone, so it is cleared.
      third = await startDynamoLocal({ dataDir, javaOptions: FAST });
      expect(stillRuns(orphan)).toBe(false);
      expect((await clientFor(third.endpoint).send(new ListTablesCommand({}))).TableNames).toEqual(['kept']);
    } finally {
      if (stillRuns(orphan)) process.kill(orphan.pid, 'SIGKILL');
      await third?.stop();
    }
  });

  it('refuses a second start on a data directory a live launcher holds, leaving the first running and its pid file', { timeout: 2 * JVM_TEST_TIMEOUT }, async () => {
    const dataDir = join(scratch, 'held');
    const first = await startDynamoLocal({ dataDir, javaOptions: FAST });
    const pidFile = join(dataDir, 'dynamodb-local.pid');
    try {
      const refused = await startDynamoLocal({ dataDir, javaOptions: FAST }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DataDirInUseError);
      expect(refused).toMatchObject({ dataDir: resolve(dataDir), holderPid: process.pid, jvmPid: first.pid });
      expect((refused as Error).message).toContain(resolve(dataDir));
      expect((refused as Error).message).toContain(`pid ${process.pid}`);

      // Held by a launcher in another process, too; and the first keeps serving through all of it.
      const held = await launchInChild(join(scratch, 'held-by-child'));
      const own = jvmAndWatchdog(held.pid, held.port);
      try {
        await expect(startDynamoLocal({ dataDir: join(scratch, 'held-by-child'), javaOptions: FAST })).rejects.toMatchObject({
          name: 'DataDirInUseError',
          holderPid: held.parent.pid,
          jvmPid: held.pid,
        });
      } finally {
        held.parent.kill('SIGKILL');
        const left = await stillRunningAfter(own);
        expect(left, `outlived their killed parent: ${describeProcesses(left)}`).toEqual([]);
      }
      expect(isGone(first.pid)).toBe(false);
      expect((await clientFor(first.endpoint).send(new ListTablesCommand({}))).TableNames).toEqual([]);
      expect(Number((await readFile(pidFile, 'utf8')).trim())).toBe(first.pid);

      // Should the file name another server's JVM by now, stopping this one leaves it be.
      await writeFile(pidFile, '999999\n');
    } finally {
      await first.stop();
    }
    expect(isGone(first.pid)).toBe(true);
    expect((await readFile(pidFile, 'utf8')).trim()).toBe('999999');
    // A pid file naming no DynamoDB Local on this directory is stale: the next start goes ahead.
    const next = await startDynamoLocal({ dataDir, javaOptions: FAST });
    try {
      expect(Number((await readFile(pidFile, 'utf8')).trim())).toBe(next.pid);
    } finally {
      await next.stop();
    }
    expect(existsSync(pidFile)).toBe(false);
  });

  it('leaves no JVM when its parent process is killed with SIGKILL', { timeout: JVM_TEST_TIMEOUT + GONE_WITHIN_MS }, async () => {
    const { parent, port, pid } = await launchInChild();
    try {
      // Known before the kill: the parent, the watchdog shell it spawned, the JVM the watchdog runs.
      const own = [ownProcess('parent', parent.pid!), ...jvmAndWatchdog(pid, port)];
      expect(own.filter(stillRuns).map((p) => p.name)).toEqual(['parent', 'watchdog', 'JVM']);

      parent.kill('SIGKILL');
      const left = await stillRunningAfter(own);
      expect(left, `outlived their killed parent: ${describeProcesses(left)}`).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('without Java', { timeout: 60_000 }, () => {
  it('npm start prints how to install Java 17 and exits non-zero, without a stack trace', async () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/local-server.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: '/nonexistent', DATA_DIR: join(scratch, 'no-java'), PORT: '0' },
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toContain('Java 17 or newer');
    expect(run.stderr).toContain('sudo apt-get install -y openjdk-17-jre-headless');
    expect(run.stderr).toContain('brew install openjdk@17');
    expect(run.stderr).toContain('Microsoft.OpenJDK.17');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
