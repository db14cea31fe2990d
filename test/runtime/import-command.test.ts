/**
 * `npm run import` (issue 9): a file validated whole, then sent through the API in chunks that keep each official's
 * rows together; the server's refusals mapped back to the file's rows; a chunk the server did not answer sent again;
 * a resumed run skipping what an earlier run completed. The script itself against a served app on DynamoDB Local,
 * as `npm start` serves it, with the token signed from DATA_DIR, and with --base and --token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { apiCall, type ApiFetch } from '../../scripts/lib/api-loader';
import { importThroughApi, packChunks, type ImportSummary } from '../../scripts/lib/import-file';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/lib/local-runtime';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';
import { ASSIGNMENT_HEADERS, csvFile, OFFICIAL_HEADERS } from '../support/imports';
import { Logger } from '@aws-lambda-powertools/logger';

const ROOT = resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-20';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(`${TODAY}T03:00:00Z`) });
  await seedOrganisation(t);
});

function through(send: ApiFetch = async (path, init) => t.app.request(path, init)) {
  return apiCall(send, () => t.token('hr', '*', 'import-test'));
}

const officials = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => [`CM${String(from + i).padStart(4, '0')}`, `Người Nhập ${from + i}`, 'Nữ', '01/02/1985', ORG.office]);

describe('importThroughApi', () => {
  it('packs rows by official into chunks, never splitting one official', () => {
    const rows = ['A', 'A', 'B', 'C', 'C', 'C', 'D'].map((code, i) => ({ row: i + 2, values: { employeeCode: code } })) as never[];
    const chunks = packChunks(rows, 3);
    expect(chunks.map((c: { values: { employeeCode: string } }[]) => c.map((r) => r.values.employeeCode).join(''))).toEqual(['AAB', 'CCC', 'D']);
    expect(packChunks(rows, 2).map((c: unknown[]) => c.length)).toEqual([2, 1, 3, 1]);
  });

  it('validates the whole file, sends its valid rows in chunks, and maps refusals back to the file rows', async () => {
    const rows = officials(1_200);
    rows[10][3] = '31/02/1985'; // invalid: never sent
    rows[700][4] = 'NO-SUCH'; // refused by the server: file row 702
    const updates: number[] = [];
    const summary = await importThroughApi({
      kind: 'officials',
      fileName: 'nhan-su.csv',
      bytes: csvFile([OFFICIAL_HEADERS, ...rows]),
      dryRun: false,
      call: through(),
      target: 'test',
      today: TODAY,
      onUpdate: (_s, progress) => updates.push(progress.rowsDone),
    });
    expect(summary).toMatchObject({ rows: 1_200, invalid: 1, written: 1_198, present: 0, failed: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ row: 12, column: 'Ngày sinh' })]);
    expect(summary.refused.map((e) => [e.row, e.column, e.code])).toEqual([[702, 'Đơn vị', 'UNIT_NOT_FOUND']]);
    expect(summary.chunks.map((c) => [c.rows, c.status])).toEqual([[500, 'done'], [500, 'done'], [199, 'done']]);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
    expect(updates.at(-1)).toBe(1_199);
    // Each chunk is an import of its own, named after the file.
    const names = (await t.call('auditor', 'GET', '/v1/imports?limit=500')).body.items.map((r: { fileName: string }) => r.fileName);
    expect(names).toEqual(expect.arrayContaining(['nhan-su.csv (1/3)', 'nhan-su.csv (2/3)', 'nhan-su.csv (3/3)']));
  });

  it('maps a refusal to its row of the file when a note before it spans several lines', async () => {
    const headers = ['Mã công chức', 'Kỳ', 'Xếp loại', 'Điểm', 'Kỷ luật', 'Ngày đánh giá', 'Nhận xét'];
    const summary = await importThroughApi({
      kind: 'assessments',
      fileName: 'danh-gia.csv',
      bytes: csvFile([headers, ['CM0000', '2025', 'Hoàn thành tốt nhiệm vụ', '', '', '20/12/2025', 'dòng một\ndòng hai\ndòng ba'], ['NOBODY', '2025', 'good', '', '', '20/12/2025', '']]),
      dryRun: false,
      call: through(),
      target: 'test',
      today: TODAY,
    });
    expect(summary).toMatchObject({ written: 1, failed: 1, refused: [{ row: 3, code: 'NOT_FOUND' }] });
  });

  it('sends again a chunk the server did not answer, and a re-run skips what is there', async () => {
    let failures = 2;
    const flaky: ApiFetch = async (path, init) => {
      if (failures-- > 0) return new Response('{"status":503}', { status: 503 });
      return t.app.request(path, init);
    };
    const bytes = csvFile([OFFICIAL_HEADERS, ...officials(30, 5_000)]);
    const options = { kind: 'officials' as const, fileName: 'flaky.csv', bytes, dryRun: false, target: 'test', today: TODAY, chunkRows: 10, retryDelayMs: 1 };
    const first = await importThroughApi({ ...options, call: through(flaky) });
    expect(first).toMatchObject({ written: 30, failed: 0 });
    const again = await importThroughApi({ ...options, call: through() });
    expect(again).toMatchObject({ written: 0, present: 30 });
  });

  it('with the summary of an interrupted run, sends only the chunks it had not completed', async () => {
    const bytes = csvFile([OFFICIAL_HEADERS, ...officials(30, 6_000)]);
    const options = { kind: 'officials' as const, fileName: 'resume.csv', bytes, dryRun: false, target: 'test', today: TODAY, chunkRows: 10, concurrency: 1 };
    let sent = 0;
    const dies: ApiFetch = async (path, init) => {
      if (++sent >= 3) throw new Error('connection reset');
      return t.app.request(path, init);
    };
    let kept: ImportSummary | undefined;
    await expect(
      importThroughApi({ ...options, call: through(dies), retryDelayMs: 1, onUpdate: (s) => (kept = structuredClone(s)) }).then(() => {
        throw new Error('should have stopped');
      }),
    ).rejects.toThrow();
    expect(kept!.chunks.map((c) => c.status)).toEqual(['done', 'done', 'pending']);
    const paths: string[] = [];
    const resumed = await importThroughApi({
      ...options,
      resume: kept,
      call: through(async (path, init) => (paths.push(path), t.app.request(path, init))),
    });
    expect(paths).toHaveLength(1);
    expect(resumed).toMatchObject({ written: 30, present: 0, failed: 0 });
    expect(resumed.chunks.map((c) => c.status)).toEqual(['skipped', 'skipped', 'done']);
  });

  it('stops at a refusal of a whole chunk (a token without the role), and at a file of another template', async () => {
    const bytes = csvFile([OFFICIAL_HEADERS, ...officials(3, 7_000)]);
    const leader = apiCall(async (path, init) => t.app.request(path, init), () => t.token('leader', '*'));
    await expect(
      importThroughApi({ kind: 'officials', fileName: 'x.csv', bytes, dryRun: false, call: leader, target: 'test', today: TODAY }),
    ).rejects.toMatchObject({ name: 'ApiCallError', status: 403 });
    await expect(
      importThroughApi({ kind: 'assignments', fileName: 'x.csv', bytes, dryRun: true, call: through(), target: 'test', today: TODAY }),
    ).rejects.toThrow('(this is a file of officials, not assignments)');
  });
});

describe('npm run import', () => {
  let runtime: LocalRuntime;
  let server: ServerType;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'luanchuyen-import-'));
    // The app as `npm start` serves it, its token key in DATA_DIR, on the run's DynamoDB Local.
    runtime = await startLocalRuntime({
      endpoint: inject('dynamoEndpoint'),
      dataDir,
      tableName: `test-import-${Date.now()}`,
      env: {},
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' as never }),
    });
    const admin = await runtime.signToken({ role: 'admin', units: '*', sub: 'admin' });
    for (const unit of [
      { id: 'P', name: 'Tỉnh', kind: 'province' },
      { id: 'S', name: 'Sở', kind: 'department', parentId: 'P' },
    ])
      await runtime.app.request('/v1/units', { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(unit) });
    await runtime.app.request('/v1/positions', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'S-CV', unitId: 'S', title: 'Chuyên viên', category: 'specialist', headcount: 10 }),
    });
    server = await new Promise<ServerType>((listening) => {
      const s = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' }, () => listening(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server?.close(done));
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, BASE_URL: base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
      child.once('exit', (code) => done({ code, stdout, stderr })),
    );
  }

  it('validates, points at the mistake, imports through the local server, and keeps a summary; a re-run skips all', async () => {
    const file = join(dataDir, 'nhan-su.csv');
    await writeFile(file, csvFile([OFFICIAL_HEADERS, ['S1', 'Một', 'Nam', '01/01/1980', 'S'], ['S2', 'Hai', 'Nữ', '31/06/1981', 'S'], ['S3', 'Ba', 'Nữ', '1982-03-03', 'S']]));
    const dry = await run(['officials', file, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(2);
    expect(dry.stdout).toContain('dòng 3, Ngày sinh: Ngày 31/06/1981 không tồn tại (no such date)');
    expect(dry.stdout).toMatch(/sẽ ghi \(would write\) +2/);
    expect(dry.stderr).toContain(`through) ${base}`);
    expect(dry.stderr).toMatch(/\[#+\] 2\/2 dòng \(rows\) 100%/);

    const real = await run(['officials', file]);
    expect(real.code, real.stderr).toBe(2);
    expect(real.stdout).toMatch(/đã ghi \(written\) +2/);
    const summary = JSON.parse(await readFile(`${file}.import-summary.json`, 'utf8')) as ImportSummary;
    expect(summary).toMatchObject({ kind: 'officials', file: 'nhan-su.csv', target: base, rows: 3, invalid: 1, written: 2, present: 0, failed: 0 });
    expect(summary.errors).toEqual([expect.objectContaining({ row: 3, field: 'dateOfBirth' })]);

    await writeFile(file, csvFile([OFFICIAL_HEADERS, ['S1', 'Một', 'Nam', '01/01/1980', 'S'], ['S2', 'Hai', 'Nữ', '30/06/1981', 'S'], ['S3', 'Ba', 'Nữ', '1982-03-03', 'S']]));
    const fixed = await run(['officials', file]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/đã ghi \(written\) +1\n.*present\) +2/);
  }, 120_000);

  it('sends to a stack named by --base with the token given, and refuses an unknown kind or a missing file', async () => {
    const file = join(dataDir, 'qua-trinh.csv');
    await writeFile(file, csvFile([ASSIGNMENT_HEADERS, ['S1', 'S-CV', '01/01/2010', '', 'Bổ nhiệm'], ['S3', 'NO-SUCH', '01/01/2010', '', 'Bổ nhiệm']]));
    const token = await runtime.signToken({ role: 'hr', units: ['S'], sub: 'hr-remote' });
    const remote = await run(['assignments', file, '--base', base, '--token', token], { DATA_DIR: join(dataDir, 'elsewhere'), BASE_URL: 'http://127.0.0.1:9' });
    expect(remote.code, remote.stderr).toBe(2);
    expect(remote.stdout).toMatch(/đã ghi \(written\) +1/);
    expect(remote.stdout).toContain("dòng 3, Mã vị trí: Vị trí 'NO-SUCH' không tồn tại (Unknown position)");

    const wrong = await run(['budgets', file]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('KIND must be one of officials, assignments, assessments');
    const missing = await run(['officials', join(dataDir, 'none.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No file');
  }, 120_000);
});
