/**
 * API clients are generated from /v1/openapi.json, so the document the app serves must pass a standard linter:
 * Redocly CLI's recommended rules, with no error and no warning (a missing operationId, for one, gives a generated
 * client unreadable method names). The pinned, installed CLI runs on the served document; nothing is fetched.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

const REDOCLY = resolve(import.meta.dirname, '../../node_modules/.bin/redocly');

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(join(tmpdir(), 'luanchuyen-openapi-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

describe('the OpenAPI document', () => {
  // The linter starts a Node process and loads its bundle: seconds on an idle machine, more on a busy one.
  it('passes `redocly lint` (recommended rules) with no error and no warning', { timeout: 120_000 }, async () => {
    const res = await t.app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const file = join(dir, 'openapi.json');
    await writeFile(file, await res.text());

    const run = spawnSync(REDOCLY, ['lint', file, '--format=json'], {
      // A directory without a redocly.yaml, so the built-in recommended configuration applies.
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 110_000,
    });
    expect(run.error).toBeUndefined();
    const start = run.stdout.indexOf('{');
    expect(start, `no JSON report; stderr:\n${run.stderr}`).toBeGreaterThanOrEqual(0);
    const report = JSON.parse(run.stdout.slice(start)) as LintReport;
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.status).toBe(0);
  });

  it('names the server relatively, marks health public and carries a license', async () => {
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as any;
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.paths['/v1/health'].get.security).toEqual([]);
    expect(doc.info.license).toMatchObject({ name: expect.any(String) });
    const operationIds = Object.values(doc.paths).flatMap((ops: any) => Object.values(ops).map((op: any) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });
});
