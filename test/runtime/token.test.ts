/**
 * `npm run token` and the local key: a token printed by the command is one the local server (same DATA_DIR)
 * accepts, with Cognito-shaped claims.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSecret, signLocalToken } from '../../scripts/lib/local-keys';
import { parseTokenArgs } from '../../scripts/token';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../shared/auth-contract';

const ROOT = resolve(import.meta.dirname, '../..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'luanchuyen-token-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function token(args: string[], dir = dataDir) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dir },
    timeout: 30_000,
  });
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

// Each case that runs the command spawns Node with tsx: a second on an idle machine, several on a busy one.
describe('npm run token', { timeout: 60_000 }, () => {
  it('prints, as the last stdout line, a JWT verified by the DATA_DIR key and carrying the claims', async () => {
    const run = token(['--role', 'leader', '--units', 'U1,U2', '--sub', 'nguyen.van.a', '--email', 'a@sokhcn.gov.vn']);
    expect(run.stderr).toContain('leader');
    expect(run.status).toBe(0);
    const secret = await loadOrCreateLocalSecret(dataDir);
    const { payload, protectedHeader } = await jwtVerify(lastLine(run.stdout), secret, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: 'nguyen.van.a',
      email: 'a@sokhcn.gov.vn',
      'cognito:groups': ['leader'],
      'custom:scope': 'U1,U2',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(12 * 3600);
  });

  it("gives '*' for every unit and a default subject", async () => {
    const run = token(['--role', 'hr', '--units', '*']);
    expect(run.status).toBe(0);
    const claims = decodeJwt(lastLine(run.stdout));
    expect(claims).toMatchObject({ sub: 'local-hr', 'cognito:groups': ['hr'], 'custom:scope': '*' });
    expect(claims.email).toBeUndefined();
  });

  it('answers bad arguments with usage on stderr, nothing on stdout and exit 2', () => {
    const run = token(['--role', 'boss', '--units', 'U1']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--role');
    expect(run.stderr).toContain('Usage: npm run token');
  });

  it.each([
    ['an unknown role', ['--role', 'boss', '--units', 'U1'], '--role'],
    ['no units', ['--role', 'hr'], '--units'],
    ['an empty unit id', ['--role', 'hr', '--units', 'U1,,U2'], '--units'],
    ["'*' mixed with ids", ['--role', 'hr', '--units', 'U1,*'], '--units'],
    ['an unknown option', ['--role', 'hr', '--units', 'U1', '--admin'], "'--admin'"],
    ['a positional argument', ['--role', 'hr', '--units', 'U1', 'extra'], 'extra'],
    ['a bad e-mail', ['--role', 'hr', '--units', 'U1', '--email', 'nope'], '--email'],
    ['a negative lifetime', ['--role', 'hr', '--units', 'U1', '--ttl-hours', '-1'], '--ttl-hours'],
  ])('rejects %s', (_case, args, mentioned) => {
    const parsed = parseTokenArgs(args);
    expect(parsed).toHaveProperty('problems');
    expect((parsed as { problems: string }).problems).toContain(mentioned);
  });

  it('accepts unit ids with spaces around commas and a lifetime in hours', () => {
    expect(parseTokenArgs(['--role', 'admin', '--units', 'U1, U2', '--ttl-hours', '1.5'])).toEqual({
      role: 'admin',
      units: ['U1', 'U2'],
      sub: undefined,
      email: undefined,
      ttlSeconds: 5400,
    });
  });

  it('is rejected by a key from another data directory', async () => {
    const otherDir = join(dataDir, 'other');
    const run = token(['--role', 'hr', '--units', '*'], otherDir);
    expect(run.status).toBe(0);
    await expect(jwtVerify(lastLine(run.stdout), await loadOrCreateLocalSecret(dataDir))).rejects.toThrow();
  });
});

describe('local key', () => {
  it('is 32 random bytes created once with mode 0600, then reused', async () => {
    const dir = join(dataDir, 'fresh');
    const [a, b] = await Promise.all([loadOrCreateLocalSecret(dir), loadOrCreateLocalSecret(dir)]);
    expect(a).toHaveLength(32);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(await loadOrCreateLocalSecret(dir)).equals(Buffer.from(a))).toBe(true);
    expect(new Uint8Array(await readFile(join(dir, 'jwt-secret')))).toEqual(a);
    expect((await stat(join(dir, 'jwt-secret'))).mode & 0o777).toBe(0o600);
    const other = await loadOrCreateLocalSecret(join(dataDir, 'fresh-2'));
    expect(Buffer.from(other).equals(Buffer.from(a))).toBe(false);
  });

  it('refuses a corrupt key file instead of silently replacing it', async () => {
    const dir = join(dataDir, 'corrupt');
    await loadOrCreateLocalSecret(dir);
    await writeFile(join(dir, 'jwt-secret'), 'short');
    await expect(loadOrCreateLocalSecret(dir)).rejects.toThrow(/expected 32/);
  });

  it('signs tokens that expire after the given lifetime', async () => {
    const secret = await loadOrCreateLocalSecret(dataDir);
    const expired = await signLocalToken(secret, { role: 'auditor', units: ['U9'] }, -10);
    await expect(jwtVerify(expired, secret)).rejects.toThrow(/exp/);
  });
});
