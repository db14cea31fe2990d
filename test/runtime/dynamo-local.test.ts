/**
 * The DynamoDB Local launcher: it starts, it keeps data, and whatever happens to its parent no JVM is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGone, startDynamoLocal } from '../../scripts/lib/dynamo-local';

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

  it('keeps tables across starts on one data directory, and a new start stops a JVM a crashed run left there', async () => {
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
    const second = await startDynamoLocal({ dataDir, javaOptions: FAST });
    // The third start plays the next run after a crash the watchdog could not handle: it finds the pid file and
    // a live JVM holding the data directory.
    expect(Number((await readFile(join(dataDir, 'dynamodb-local.pid'), 'utf8')).trim())).toBe(second.pid);
    let third: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
    try {
      const other = new DynamoDBClient({
        endpoint: second.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'someoneelse', secretAccessKey: 'y' },
      });
      expect((await other.send(new ListTablesCommand({}))).TableNames).toEqual(['kept']);

      third = await startDynamoLocal({ dataDir, javaOptions: FAST });
      expect(isGone(second.pid)).toBe(true);
      expect((await clientFor(third.endpoint).send(new ListTablesCommand({}))).TableNames).toEqual(['kept']);
    } finally {
      await second.stop();
      await third?.stop();
    }
  });

  it('leaves no JVM when its parent process is killed with SIGKILL', { timeout: JVM_TEST_TIMEOUT + GONE_WITHIN_MS }, async () => {
    const childScript = join(scratch, 'parent.mts');
    await writeFile(
      childScript,
      [
        `import { startDynamoLocal } from ${JSON.stringify(LAUNCHER)};`,
        `const dynamo = await startDynamoLocal({ javaOptions: ${JSON.stringify(FAST)} });`,
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
    try {
      const [line] = await Promise.race([
        (async () => {
          for await (const l of createInterface({ input: parent.stdout })) return [l];
          return [undefined];
        })(),
        exited.then(() => [undefined]),
      ]);
      expect(line, 'the child printed the launched JVM').toBeDefined();
      const { port, pid } = JSON.parse(line as string) as { port: number; pid: number };
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
