/**
 * `npm run import` timed on files of `rows` rows: an officials file, then an assignments file for those officials,
 * each as a CSV in the template's own layout (templateRow), into a scratch DATA_DIR holding one agency's units and
 * posts. The command runs as a person would run it (a child process, no server answering, so it starts DynamoDB
 * Local on DATA_DIR itself); a one-row file first measures that fixed start-up (twice: the first run after a change
 * also fills tsx's compile cache), which the steady rate leaves out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalRuntime } from '../../scripts/lib/local-runtime';
import { createBulkLoader } from '../../shared/adapters/dynamo/bulk-load';
import { addDays } from '../../shared/domain/dates';
import { TEMPLATE_COLUMNS, templateRow, type ImportKind } from '../../shared/domain/import-templates';
import type { Position, Unit } from '../../shared/domain/types';
import { csvField } from '../../shared/http/documents/csv';

export interface ImportFigure {
  kind: ImportKind;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Rows per second once the command has started (its one-row run's time taken off). */
  steadyRowsPerSecond: number;
  /** A one-row run, the second of two: Node, the app, DynamoDB Local's JVM, the table check, the stop. */
  startupSeconds: number;
  /** The first one-row run of the bench, which also compiles the TypeScript tsx has not cached yet (after a change). */
  firstStartupSeconds: number;
  exitCode: number | null;
}

const STAMP = '2026-06-30T02:00:00.000Z';
const stored = { version: 1, createdAt: STAMP, updatedAt: STAMP };

export async function measureImport(rows: number, log: (m: string) => void): Promise<ImportFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'luanchuyen-bench-import-'));
  try {
    const agency: Unit = {
      id: 'IMP',
      name: 'Sở nhập liệu',
      kind: 'department',
      hrEmails: [],
      leaderEmails: [],
      ancestors: [],
      agencyId: 'IMP',
      ...stored,
    };
    const offices: Unit[] = [1, 2, 3, 4].map((o) => ({ ...agency, id: `IMP-U${o}`, name: `Phòng ${o}`, kind: 'office', parentId: 'IMP', ancestors: ['IMP'] }));
    const posts: Position[] = offices.flatMap((u) =>
      [1, 2, 3, 4, 5].map((p) => ({
        id: `${u.id}-P${p}`,
        unitId: u.id,
        title: `Chuyên viên ${p}`,
        category: 'specialist' as const,
        headcount: 100_000,
        holders: 0,
        unitPath: ['IMP', u.id],
        agencyId: 'IMP',
        ...stored,
      })),
    );
    const runtime = await startLocalRuntime({ dataDir, env: {} });
    try {
      const loader = createBulkLoader(runtime.client, runtime.tableName);
      await loader.putUnits([agency, ...offices]);
      await loader.putPositions(posts);
    } finally {
      await runtime.close();
    }

    const code = (i: number) => `IMP-${String(i).padStart(6, '0')}`;
    const file = (kind: ImportKind, name: string, from: number, count: number) => {
      const lines = [TEMPLATE_COLUMNS[kind].map((c) => csvField(c.header)).join(',')];
      for (let i = from; i < from + count; i++) {
        const post = posts[i % posts.length];
        const row =
          kind === 'officials'
            ? { employeeCode: code(i), fullName: `Nguyễn Văn Nhập ${i}`, gender: 'male', dateOfBirth: addDays('1975-01-01', i % 7000), unitId: post.unitId }
            : { employeeCode: code(i), positionId: post.id, startDate: addDays('2015-01-01', i % 3000), kind: 'appointment', decisionNo: `${i}/QĐ-IMP`, primary: true };
        lines.push(templateRow(kind, row as never).map(csvField).join(','));
      }
      const path = join(dataDir, name);
      writeFileSync(path, `${lines.join('\r\n')}\r\n`);
      return path;
    };
    const run = (kind: ImportKind, path: string) => {
      const started = performance.now();
      const out = spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/import.ts'), kind, path], {
        // No server answers on port 9: the command starts DynamoDB Local on DATA_DIR itself, as on a laptop.
        env: { ...process.env, DATA_DIR: dataDir, BASE_URL: 'http://127.0.0.1:9', PORT: '9' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const seconds = (performance.now() - started) / 1000;
      if (out.status !== 0) log(`import ${kind} exited ${out.status}: ${out.stderr.slice(-2000)}`);
      return { seconds, exitCode: out.status };
    };

    const figures: ImportFigure[] = [];
    // Row 0 alone: the fixed cost of a run (Node, tsx, DynamoDB Local's JVM, the table check), twice: the first run
    // after a change also compiles the code into tsx's cache, which a person pays once, not on every import.
    const first = { officials: run('officials', file('officials', 'one-official.csv', 0, 1)).seconds, assignments: 0 };
    first.assignments = run('assignments', file('assignments', 'one-assignment.csv', 0, 1)).seconds;
    const startup = {
      officials: run('officials', file('officials', 'one-official.csv', 0, 1)).seconds,
      assignments: run('assignments', file('assignments', 'one-assignment.csv', 0, 1)).seconds,
    };
    for (const kind of ['officials', 'assignments'] as const) {
      const { seconds, exitCode } = run(kind, file(kind, `${kind}.csv`, 1, rows));
      figures.push({
        kind,
        rows,
        seconds: round(seconds),
        rowsPerSecond: Math.round(rows / seconds),
        steadyRowsPerSecond: Math.round(rows / Math.max(0.001, seconds - startup[kind])),
        startupSeconds: round(startup[kind]),
        firstStartupSeconds: round(first[kind]),
        exitCode,
      });
      log(`import ${kind}: ${rows} rows in ${round(seconds)} s (start-up ${round(startup[kind])} s)`);
    }
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
