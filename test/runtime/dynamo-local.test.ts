/**
 * The DynamoDB Local launcher: it starts, it keeps data, and whatever happens to its parent no JVM is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
 * Processes started for the DynamoDB Local on `port` (the JVM and its watchdog shell), as pgrep sees them:
 * independent of the launcher's own bookkeeping.
 */
function processesOnPort(port: number): number[] {
  const found = spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.* -port ${port}( |$)`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean).map(Number);
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
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
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
      expect(processesOnPort(dynamo.port)).toContain(dynamo.pid);
      const listed = await clientFor(dynamo.endpoint).send(new ListTablesCommand({}));
      expect(listed.TableNames).toEqual([]);
      // Otherwise the readiness check would be answered by the instance already there.
      await expect(startDynamoLocal({ port: dynamo.port, javaOptions: FAST })).rejects.toThrow(/already in use/);
    } finally {
      await dynamo.stop();
    }
    expect(isGone(dynamo.pid)).toBe(true);
    expect(processesOnPort(dynamo.port)).toEqual([]);
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

  it('leaves no JVM when its parent process is killed with SIGKILL', async () => {
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
      expect(processesOnPort(port)).toContain(pid);

      parent.kill('SIGKILL');
      await exited;
      expect(await eventually(() => isGone(pid), 60_000), `JVM ${pid} outlived its killed parent`).toBe(true);
      expect(processesOnPort(port)).toEqual([]);
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
