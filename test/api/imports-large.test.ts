/**
 * A 10,000-row file (issue 9), against DynamoDB Local: validated whole, run whole through the import use case as a
 * dry run (every row's reads and rules), then written whole through it (one HTTP request takes at most 5,000 rows:
 * `npm run import` sends such a file in chunks, and its timing through the API is in the README). On the 2-core
 * development machine the write takes about 40 s, the dry run 2 s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportSheet } from '../../shared/domain/import-parsing';
import { readCsv } from '../../shared/http/documents/read-csv';
import { ROW_WRITERS } from '../../shared/http/routes/imports';
import type { Actor } from '../../shared/use-cases/context';
import { importRows } from '../../shared/use-cases/import-rows';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';
import { csvFile, OFFICIAL_HEADERS } from '../support/imports';

const ROWS = 10_000;
/** Rows imported a second time (the whole file again would only take longer). */
const AGAIN = 1_000;
const hr: Actor = { principal: { sub: 'hr-bulk', roles: ['hr'], scope: '*' }, requestId: 'bulk-import' };

let t: TestApp;
let sheet: ReturnType<typeof readCsv>;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date('2026-11-20T03:00:00Z') });
  await seedOrganisation(t);
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `NV${String(i).padStart(5, '0')}`,
    `${['Nguyễn', 'Trần', 'Lê', 'Phạm'][i % 4]} ${i % 2 ? 'Văn' : 'Thị'} ${i}`,
    i % 2 ? 'Nam' : 'Nữ',
    i % 3 ? `${(i % 28) + 1}/${(i % 12) + 1}/${1965 + (i % 35)}` : `${1965 + (i % 35)}-0${(i % 9) + 1}-15`,
    [ORG.office, ORG.inspectorate, ORG.otherOffice][i % 3],
  ]);
  rows[4_999][3] = '31/04/1980'; // no such day: file row 5001
  rows[9_999] = [...rows[0]]; // a repeat of the first row: file row 10001
  sheet = readCsv(csvFile([OFFICIAL_HEADERS, ...rows]));
});

describe('a file of 10,000 rows', () => {
  it('is validated whole, each mistake at its row (its speed is the bench\'s import section, not a timed test)', () => {
    const parsed = parseImportSheet('officials', sheet, '2026-11-20');
    expect(parsed.ok && parsed.sheet).toMatchObject({ rows: ROWS, headerRow: 1 });
    if (!parsed.ok) return;
    expect(parsed.sheet.valid).toHaveLength(ROWS - 2);
    expect(parsed.sheet.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [5_001, 'dateOfBirth', 'CELL_INVALID'],
      [10_001, 'employeeCode', 'DUPLICATE_ROW'],
    ]);
  });

  it('goes whole through the use case in a dry run: every row checked against the table, nothing written', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const report = await importRows(t.deps, hr, ROW_WRITERS, { kind: 'officials', sheets: [{ rows: sheet }], fileName: 'nhan-su-10000.csv', dryRun: true });
    console.info(`dry run of ${report.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(report).toMatchObject({ rows: ROWS, valid: ROWS - 2, written: ROWS - 2, present: 0, failed: 0 });
    expect(report.errors.map((e) => e.row)).toEqual([5_001, 10_001]);
    expect(await t.deps.officials.findByEmployeeCode('NV00000')).toBeUndefined();
    expect((await t.call('auditor', 'GET', '/v1/imports')).body.items).toEqual([]);
  });

  it('is written whole through the use case, each row once; a part of it again writes nothing', { timeout: 240_000 }, async () => {
    const started = performance.now();
    const report = await importRows(t.deps, hr, ROW_WRITERS, { kind: 'officials', sheets: [{ rows: sheet }], fileName: 'nhan-su-10000.csv', dryRun: false });
    console.info(`imported ${report.written} officials in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(report).toMatchObject({ rows: ROWS, valid: ROWS - 2, written: ROWS - 2, present: 0, failed: 0 });
    expect(report.errors.map((e) => e.row)).toEqual([5_001, 10_001]);
    for (const code of ['NV00000', 'NV05000', 'NV09998']) expect(await t.deps.officials.findByEmployeeCode(code)).toEqual(expect.any(String));
    expect(await t.deps.officials.findByEmployeeCode('NV04999')).toBeUndefined();
    const page = await t.call('hr', 'GET', `/v1/officials?unitId=${ORG.otherAgency}&limit=500`);
    expect(page.body.items).toHaveLength(500);
    const [record] = (await t.call('auditor', 'GET', '/v1/imports')).body.items;
    expect(record).toMatchObject({ fileName: 'nhan-su-10000.csv', rows: ROWS, written: ROWS - 2, errorCount: 2 });

    const part = sheet.slice(0, 1 + AGAIN);
    const again = await importRows(t.deps, hr, ROW_WRITERS, { kind: 'officials', sheets: [{ rows: part }], fileName: 'nhan-su-1000.csv', dryRun: false });
    expect(again).toMatchObject({ rows: AGAIN, written: 0, present: AGAIN, failed: 0 });
  });
});
