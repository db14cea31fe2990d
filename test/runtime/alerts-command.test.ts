/**
 * `npm run alerts` on the seed data with no server running: it starts DynamoDB Local on DATA_DIR and a mail emulator
 * of its own, runs the job as of the 1st of the seed's month (HR mails and the leadership digests), prints the mails,
 * sends nothing on a second run, and leaves no JVM behind. (test/api/alerts.test.ts covers the job itself; the path
 * through a running server is the API's POST /v1/alerts/run.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamo-local';
import { todayInHoChiMinh } from '../../shared/domain/dates';

const ROOT = resolve(import.meta.dirname, '../..');
const TODAY = todayInHoChiMinh(new Date());
const FIRST = `${TODAY.slice(0, 8)}01`;

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'luanchuyen-alerts-'));
  env = { ...process.env, DATA_DIR: dataDir, BASE_URL: `http://127.0.0.1:${await freePort()}`, SEED_TODAY: TODAY };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function command(script: string, args: string[] = []) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000 });
  expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

describe('npm run alerts', () => {
  it('mails the seed data as of the 1st, nothing on a second run, and stops its JVM', () => {
    command('scripts/seed.ts');
    const first = command('scripts/alerts.ts', ['--as-of', FIRST]);
    expect(first).toContain(`as of ${FIRST}`);
    expect(first).toMatch(/mails sent +([1-9]\d*) \(officials notified [1-9]\d*, leadership digests 3,/);
    expect(first).toContain('to tccb.skhcn@tphcm.example, vanphong.skhcn@tphcm.example');
    expect(first).toContain(`Tổng hợp tháng ${FIRST.slice(5, 7)}/${FIRST.slice(0, 4)} - Sở Khoa học và Công nghệ`);
    expect(first).toContain('to giamdoc.skhcn@tphcm.example');
    expect(first).toContain('units with no address none');

    const second = command('scripts/alerts.ts', [`--as-of=${FIRST}`]);
    expect(second).toMatch(/mails sent +0 /);
    expect(second).toContain('Mails in the viewer from this run: none');

    expect(existsSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'))).toBe(false);
    const jvms = spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*-dbPath ${join(dataDir, 'dynamodb')}`], { encoding: 'utf8' });
    expect(jvms.stdout.trim()).toBe('');
  }, 400_000);

  it('refuses a date still to come, before starting anything', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/alerts.ts', '--as-of', '2199-12-31'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--as-of 2199-12-31 is after today');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
