/**
 * `npm start` end to end: the real local server on free ports with a temporary DATA_DIR serves the API, /docs and
 * its assets, accepts the token its banner tells you how to get, keeps its data across restarts, leaves no JVM
 * after SIGTERM, and a second start on the same DATA_DIR is refused without disturbing the first.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../scripts/lib/banner';
import { freePort, isGone } from '../../scripts/lib/dynamo-local';
import { loadOrCreateLocalSecret, signLocalToken } from '../../scripts/lib/local-keys';

const ROOT = resolve(import.meta.dirname, '../..');

interface RunningServer {
  process: ChildProcessByStdio<null, Readable, Readable>;
  base: string;
  /** The mail emulator (aws-ses-v2-local) the server runs in its own process. */
  mail: string;
  jvmPid: number;
  output: () => string;
  exited: Promise<number | null>;
}

let dataDir: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  // A space and a quote in the path: the banner's commands must still paste into a shell as they are.
  dataDir = await mkdtemp(join(tmpdir(), "luanchuyen server's-"));
});
afterAll(async () => {
  for (const server of started) server.process.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const sesPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), SES_PORT: String(sesPort), LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const server: RunningServer = {
    process: child,
    base: `http://127.0.0.1:${port}`,
    mail: `http://127.0.0.1:${sesPort}`,
    jvmPid: 0,
    output: () => output,
    exited,
  };
  started.push(server);
  const deadline = Date.now() + 120_000;
  while (!output.includes('Stop with Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The server did not start:\n${output}`);
    await sleep(100);
  }
  server.jvmPid = Number((await readFile(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')).trim());
  return server;
}

async function stopServer(server: RunningServer): Promise<number | null> {
  server.process.kill('SIGTERM');
  return server.exited;
}

async function bearer(role: 'admin' | 'hr', units: string[] | '*' = '*'): Promise<string> {
  // The same key file the token command would use with this DATA_DIR.
  return `Bearer ${await signLocalToken(await loadOrCreateLocalSecret(dataDir), { role, units })}`;
}

describe('local server (npm start)', () => {
  it('serves the API and /docs, keeps data across a restart, and SIGTERM leaves no JVM', async () => {
    const first = await startServer();
    expect(first.output()).toContain(`${first.base.replace('127.0.0.1', 'localhost')}/docs`);
    expect(first.output()).toContain('table luanchuyen created');
    // The mail emulator answers in the server's process, and the banner points at its page.
    expect(first.output()).toContain(`Mail       ${first.mail.replace('127.0.0.1', 'localhost')}/`);
    const store = await fetch(`${first.mail}/store`);
    expect(store.status).toBe(200);
    expect(await store.json()).toMatchObject({ emails: [] });

    // The banner's token command, run as a user would paste it (in the project, DATA_DIR not set in the shell),
    // signs a token this server accepts.
    const tokenCommand = /^Get a token: +(.+)$/m.exec(first.output())?.[1];
    expect(tokenCommand).toBe(`DATA_DIR=${shellQuote(dataDir)} npm run token -- --role hr --units '*'`);
    const { DATA_DIR: _ignored, ...shellEnv } = process.env;
    const signed = spawnSync('sh', ['-c', tokenCommand!], { cwd: ROOT, env: shellEnv, encoding: 'utf8', timeout: 60_000 });
    expect(signed.status, signed.stderr).toBe(0);
    const pasted = await fetch(`${first.base}/v1/officials`, {
      headers: { authorization: `Bearer ${signed.stdout.trim().split('\n').at(-1)}` },
    });
    expect(pasted.status).toBe(200);
    expect(isGone(first.jvmPid)).toBe(false);

    // The console the banner prints: its sign-in page shows the token command for this server's key.
    const consoleUrl = /^ {2}Console +(\S+)/m.exec(first.output())?.[1];
    expect(consoleUrl).toBe(`${first.base.replace('127.0.0.1', 'localhost')}/console/`);
    const signIn = await fetch(`${first.base}/console/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain(`DATA_DIR=${shellQuote(dataDir).replace(/'/g, '&#39;')} npm run -s token -- --role leader`);

    const health = await fetch(`${first.base}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const bare = await fetch(`${first.base}/docs`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    const page = await fetch(`${first.base}/docs`);
    expect(page.url).toBe(`${first.base}/docs/`);
    expect(await page.text()).toContain('luanchuyen - Tài liệu API');
    const css = await fetch(`${first.base}/docs/assets/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const spec = await fetch(`${first.base}/v1/openapi.json`);
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\./);

    expect((await fetch(`${first.base}/v1/units`)).status).toBe(401);
    const created = await fetch(`${first.base}/v1/units`, {
      method: 'POST',
      headers: { authorization: await bearer('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department' }),
    });
    expect(created.status).toBe(201);

    expect(await stopServer(first)).toBe(0);
    expect(isGone(first.jvmPid)).toBe(true);
    await expect(fetch(`${first.mail}/store`)).rejects.toThrow();
    expect(existsSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'))).toBe(false);

    const second = await startServer();
    try {
      expect(second.output()).toContain('table luanchuyen kept');
      const unit = await fetch(`${second.base}/v1/units/SKHCN`, { headers: { authorization: await bearer('hr') } });
      expect(unit.status).toBe(200);
      expect(await unit.json()).toMatchObject({ id: 'SKHCN', name: 'Sở Khoa học và Công nghệ' });
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
    expect(isGone(second.jvmPid)).toBe(true);
  }, 300_000);

  it('refuses a second start on the same DATA_DIR (another port), naming the first, which keeps serving', async () => {
    const first = await startServer();
    try {
      const port = await freePort();
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/local-server.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'WARN' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(second.status, `${second.stdout}${second.stderr}`).toBe(1);
      expect(second.stderr).toContain(
        `DATA_DIR ${dataDir} is in use by another npm start (pid ${first.process.pid}); stop it first or use another DATA_DIR.`,
      );
      expect(second.stderr).not.toMatch(/^\s+at /m);
      expect(second.stdout).not.toContain('Stop with Ctrl-C');

      // The first server's DynamoDB Local was not touched: data calls still work, and the pid file is still its own.
      expect(isGone(first.jvmPid)).toBe(false);
      const units = await fetch(`${first.base}/v1/units`, { headers: { authorization: await bearer('hr') } });
      expect(units.status).toBe(200);
      expect(Number((await readFile(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')).trim())).toBe(first.jvmPid);
    } finally {
      expect(await stopServer(first)).toBe(0);
    }
    expect(isGone(first.jvmPid)).toBe(true);
    expect(existsSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'))).toBe(false);
  }, 300_000);
});
