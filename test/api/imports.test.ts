/**
 * Importing spreadsheets through the API (issue 9), against DynamoDB Local: the newcomer's walk (template, ten
 * officials with one mistake, a dry run that points at it, the import, the flags), files as people send them (a BOM,
 * mixed dates, decomposed Vietnamese, blank lines, duplicates, another template, an unknown post, overlaps), the
 * idempotence of every row, the dry run, scope and roles, sizes and media types, the list of imports.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';
import {
  ASSESSMENT_HEADERS,
  ASSIGNMENT_HEADERS,
  csvFile,
  download,
  importFile,
  OFFICIAL_HEADERS,
  XLSX_TYPE,
} from '../support/imports';

let t: TestApp;

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2026-11-20T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Văn Cường',
  'Phạm Thị Dung',
  'Hoàng Văn Em',
  'Vũ Thị Giang',
  'Đặng Văn Hải',
  'Bùi Thị Hoa',
  'Đỗ Văn Khoa',
  'Ngô Thị Lan',
];

async function officialCodes(): Promise<string[]> {
  const res = await t.call('hr', 'GET', '/v1/officials?limit=500');
  return res.body.items.map((o: { employeeCode?: string }) => o.employeeCode).sort();
}

describe('a newcomer: the template, ten officials, a dry run that points at the one mistake, the import, the flags', () => {
  let workbook: ExcelJS.Workbook;

  it('downloads the template and fills in ten officials in Excel', async () => {
    const res = await download(t, 'hr', '/v1/imports/templates/officials');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toContain('filename="mau-nhap-cong-chuc.xlsx"');
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(res.bytes) as never);
    const sheet = workbook.worksheets[0];
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^MẪU NHẬP CÔNG CHỨC/);
    expect(sheet.getRow(2).values).toEqual([undefined, ...OFFICIAL_HEADERS]);
    NAMES.forEach((name, i) => {
      const female = name.includes(' Thị ');
      // Excel keeps a typed date as a date cell; some offices type dates as text.
      const dateOfBirth = i % 2 === 0 ? new Date(Date.UTC(1970 + i, i, 10)) : `10/${String(i + 1).padStart(2, '0')}/${1970 + i}`;
      sheet.addRow([`CC${String(i + 1).padStart(2, '0')}`, name, female ? 'Nữ' : 'Nam', dateOfBirth, i < 5 ? ORG.office : ORG.inspectorate]);
    });
    // The one mistake: 31 June.
    sheet.getRow(9).getCell(4).value = '31/06/1976';
  });

  it('a dry run points at the mistake by row and column, and writes nothing', async () => {
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const res = await importFile(t, 'hr', 'officials', bytes, { dryRun: true, contentType: XLSX_TYPE, fileName: 'nhan-su.xlsx' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      kind: 'officials',
      fileName: 'nhan-su.xlsx',
      dryRun: true,
      rows: 10,
      valid: 9,
      written: 9,
      present: 0,
      failed: 0,
      errors: [{ row: 9, column: 'Ngày sinh', field: 'dateOfBirth', code: 'CELL_INVALID', message: 'Ngày 31/06/1976 không tồn tại (no such date)' }],
      ignoredColumns: [],
    });
    expect(await officialCodes()).toEqual([]);
    expect((await t.call('hr', 'GET', '/v1/imports')).body.items).toEqual([]);
  });

  it('fixed, it imports: every row written through the API rules, and recorded', async () => {
    workbook.worksheets[0].getRow(9).getCell(4).value = '30/06/1976';
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const res = await importFile(t, 'hr', 'officials', bytes, { contentType: XLSX_TYPE, fileName: 'nhan-su.xlsx' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, rows: 10, valid: 10, written: 10, present: 0, failed: 0, errors: [] });
    expect(res.body.id).toEqual(expect.any(String));
    expect(await officialCodes()).toEqual(NAMES.map((_, i) => `CC${String(i + 1).padStart(2, '0')}`));
    const an = (await t.call('hr', 'GET', '/v1/officials?q=CC01')).body.items[0];
    expect(an).toMatchObject({ fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1970-01-10', unitId: ORG.office });
    const g = (await t.call('hr', 'GET', '/v1/officials?q=CC07')).body.items[0];
    expect(g).toMatchObject({ fullName: 'Đặng Văn Hải', dateOfBirth: '1976-06-30' });
    // Audited as the person who imported, under the import's request id.
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${an.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'create', actor: { sub: 'hr-user' } });
    const imports = await t.call('auditor', 'GET', '/v1/imports');
    expect(imports.body.items).toEqual([
      expect.objectContaining({ id: res.body.id, kind: 'officials', fileName: 'nhan-su.xlsx', by: { sub: 'hr-user', roles: ['hr'] }, written: 10 }),
    ]);
    expect(audit.body.items[0].requestId).toBe(imports.body.items[0].requestId);
  });

  it('then their histories, and the flags show who has held one post too long', async () => {
    const file = csvFile([
      ASSIGNMENT_HEADERS,
      ['CC01', 'VP-CV', '01/01/2005', '31/12/2011', 'Bổ nhiệm', '12/QĐ-SKHCN', 'Có'],
      ['CC01', 'VP-KT', '01/01/2012', '', 'Chuyển đổi vị trí công tác', '3/QĐ-SKHCN', ''],
      ['CC02', 'VP-CVP', '2013-06-01', '', 'appointment', '', ''],
      ['CC06', 'TT-TTV', '15/03/2020', '', 'Điều động', '', ''],
      ['CC07', 'TT-TTV', '01/09/2016', '', 'Bổ nhiệm', '', ''],
    ]);
    const res = await importFile(t, 'hr', 'assignments', file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ rows: 5, written: 5, failed: 0, errors: [] });
    const flags = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2026-11-20');
    const flagged = flags.body.items.map((f: { fullName: string; status: string }) => [f.fullName, f.status]);
    // VP-KT is a 36-month sensitive post: overdue since 2015; VP-CVP held 13 years; TT-TTV since 2016, due 2026-09.
    expect(flagged).toEqual(
      expect.arrayContaining([
        ['Nguyễn Văn An', 'overdue'],
        ['Trần Thị Bình', 'overdue'],
        ['Đặng Văn Hải', 'overdue'],
      ]),
    );
    expect(flagged.map((f: string[]) => f[0])).not.toContain('Vũ Thị Giang');
  });

  it('the same files again change nothing: every row is skipped as present', async () => {
    const officials = await importFile(t, 'hr', 'officials', new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), { contentType: XLSX_TYPE });
    expect(officials.body).toMatchObject({ rows: 10, written: 0, present: 10, failed: 0 });
    const history = csvFile([ASSIGNMENT_HEADERS, ['CC01', 'VP-KT', '01/01/2012', '', 'Chuyển đổi vị trí công tác', '3/QĐ-SKHCN', '']]);
    const again = await importFile(t, 'hr', 'assignments', history);
    expect(again.body).toMatchObject({ rows: 1, written: 0, present: 1, failed: 0 });
    const an = (await t.call('hr', 'GET', '/v1/officials?q=CC01')).body.items[0];
    expect((await t.call('hr', 'GET', `/v1/officials/${an.id}/assignments`)).body.items).toHaveLength(2);
    expect((await t.call('auditor', 'GET', `/v1/audit?entityId=${an.id}`)).body.items).toHaveLength(3);
  });
});

describe('files as people send them', () => {
  it('reads a BOM or none, mixed date formats, decomposed Vietnamese and blank lines alike', async () => {
    const nfd = (s: string) => s.normalize('NFD');
    const rows = [
      ['employeeCode', 'fullName', 'gender', 'dateOfBirth', 'unitId', 'email', 'retirementDate'],
      ['MX1', nfd('Trương Thị Ngọc Ánh'), nfd('Nữ'), '05/07/1982', ORG.office, 'anh@skhcn.gov.vn', ''],
      [],
      ['MX2', nfd('Quách Văn Đức'), 'Nam', '1979-12-31', ORG.office, '', '31/12/2039'],
      ['', '', '', '', '', '', ''],
      ['MX3', 'Lý Thị Thu', 'female', '1/2/1990', ORG.inspectorate, '', ''],
    ];
    for (const bom of [true, false]) {
      const res = await importFile(t, 'hr', 'officials', csvFile(rows, { bom, eol: bom ? '\r\n' : '\n' }), { dryRun: !bom });
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ rows: 3, valid: 3, errors: [] });
    }
    const anh = (await t.call('hr', 'GET', '/v1/officials?q=MX1')).body.items[0];
    expect(anh.fullName).toBe('Trương Thị Ngọc Ánh'.normalize('NFC'));
    expect(anh.fullName).not.toBe(nfd('Trương Thị Ngọc Ánh'));
    // Found by the composed name a person types.
    expect((await t.call('hr', 'GET', `/v1/officials?q=${encodeURIComponent('Ngọc Ánh')}`)).body.items.map((o: { id: string }) => o.id)).toEqual([anh.id]);
    expect((await t.call('hr', 'GET', '/v1/officials?q=MX2')).body.items[0]).toMatchObject({ dateOfBirth: '1979-12-31', retirementDate: '2039-12-31' });
    expect((await t.call('hr', 'GET', '/v1/officials?q=MX3')).body.items[0]).toMatchObject({ dateOfBirth: '1990-02-01', gender: 'female' });
  });

  it('reports duplicate rows, and writes the first of them', async () => {
    const res = await importFile(
      t,
      'hr',
      'officials',
      csvFile([
        OFFICIAL_HEADERS,
        ['DP1', 'Tạ Văn Một', 'Nam', '01/01/1980', ORG.office],
        ['DP1', 'Tạ Văn Một', 'Nam', '1980-01-01', ORG.office],
        ['DP1', 'Tạ Văn Hai', 'Nam', '01/01/1980', ORG.office],
      ]),
    );
    expect(res.body).toMatchObject({ rows: 3, valid: 1, written: 1, failed: 0 });
    expect(res.body.errors).toEqual([
      { row: 3, column: 'Mã công chức', field: 'employeeCode', code: 'DUPLICATE_ROW', message: 'Trùng với dòng 2 (duplicate of row 2)' },
      { row: 4, column: 'Mã công chức', field: 'employeeCode', code: 'DUPLICATE_ROW', message: 'Mã công chức DP1 đã có ở dòng 2 (employee code already in row 2)' },
    ]);
    expect((await t.call('hr', 'GET', '/v1/officials?q=DP1')).body.items.map((o: { fullName: string }) => o.fullName)).toEqual(['Tạ Văn Một']);
  });

  it('refuses a row naming an unknown post, with the reason on its column, and writes the others', async () => {
    const res = await importFile(
      t,
      'hr',
      'assignments',
      csvFile([
        ASSIGNMENT_HEADERS,
        ['CC03', 'KHONG-CO', '01/01/2015', '', 'Bổ nhiệm'],
        ['CC03', 'VP-CV', '01/01/2015', '', 'Bổ nhiệm'],
        ['NOBODY', 'VP-CV', '01/01/2015', '', 'Bổ nhiệm'],
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 3, valid: 3, written: 1, failed: 2 });
    expect(res.body.errors).toEqual([
      { row: 2, column: 'Mã vị trí', field: 'positionId', code: 'POSITION_NOT_FOUND', message: "Vị trí 'KHONG-CO' không tồn tại (Unknown position)" },
      {
        row: 4,
        column: 'Mã công chức',
        field: 'employeeCode',
        code: 'NOT_FOUND',
        message: expect.stringContaining('(no official with this employee code in your scope: import the officials first)'),
      },
    ]);
  });

  it('refuses overlapping primary assignments per row with the reason, and skips one already recorded under another id', async () => {
    const id = (await t.call('hr', 'GET', '/v1/officials?q=CC04')).body.items[0].id;
    const viaApi = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate: '2010-01-01', endDate: '2015-12-31', kind: 'appointment' });
    expect(viaApi.status).toBe(201);
    const res = await importFile(
      t,
      'hr',
      'assignments',
      csvFile([
        ASSIGNMENT_HEADERS,
        ['CC04', 'VP-CV', '01/01/2010', '31/12/2015', 'Bổ nhiệm'], // the one recorded through the API
        ['CC04', 'VP-CVP', '01/06/2015', '', 'Bổ nhiệm'], // overlaps it by seven months
        ['CC04', 'VP-CVP', '01/01/2016', '', 'Bổ nhiệm'],
        ['CC04', 'TT-TTV', '01/01/2017', '', 'Luân chuyển', '', 'Không'], // a concurrent duty
      ]),
    );
    expect(res.body).toMatchObject({ rows: 4, written: 2, present: 1, failed: 1 });
    expect(res.body.errors).toEqual([
      {
        row: 3,
        column: 'Mã vị trí',
        field: 'positionId',
        code: 'ASSIGNMENT_OVERLAP',
        message: expect.stringMatching(/^Quá trình công tác chồng lấn với .*\(overlaps another primary assignment of the official\)$/),
      },
    ]);
  });

  it('refuses a file of another template as a whole, naming it', async () => {
    const res = await importFile(t, 'hr', 'assignments', csvFile([OFFICIAL_HEADERS, ['ZZ1', 'A', 'Nam', '01/01/1980']]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'IMPORT_WRONG_KIND', errors: [{ path: 'body.file' }] });
    expect(res.body.detail).toContain('mẫu công chức (officials)');
    const none = await importFile(t, 'hr', 'officials', csvFile([['a', 'b'], ['1', '2']]));
    expect(none.body).toMatchObject({ status: 422, code: 'IMPORT_NO_HEADER' });
    const legacy = await importFile(t, 'hr', 'officials', new Uint8Array([0x4d, 0xe3, 0x2c, 0x0a]));
    expect(legacy.body).toMatchObject({ status: 422, code: 'IMPORT_UNREADABLE' });
    expect(await importFile(t, 'hr', 'budgets', csvFile([OFFICIAL_HEADERS]))).toMatchObject({ status: 400 });
  });

  it('takes a form with the file, and XLSX whatever its declared type', async () => {
    const form = new FormData();
    form.append('file', new Blob([csvFile([OFFICIAL_HEADERS, ['FM1', 'Hồ Văn Form', 'Nam', '01/01/1981', ORG.office]])], { type: 'text/csv' }), 'tu-bieu-mau.csv');
    const res = await importFile(t, 'hr', 'officials', form);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ fileName: 'tu-bieu-mau.csv', written: 1 });
    const empty = new FormData();
    empty.append('other', 'x');
    expect((await importFile(t, 'hr', 'officials', empty)).body).toMatchObject({ status: 400, errors: [{ path: 'body.file' }] });
    expect((await importFile(t, 'hr', 'officials', csvFile([OFFICIAL_HEADERS]), { contentType: 'application/json' })).body).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });
});

describe('sizes', () => {
  it('takes a file over the 256 KB of other requests, and refuses one over 5 MB or 5,000 rows', async () => {
    const row = (i: number) => [`SZ${i}`, `Người Thứ ${i} ${'x'.repeat(40)}`, 'Nam', '01/01/1980', 'NO-SUCH-UNIT'];
    const big = csvFile([OFFICIAL_HEADERS, ...Array.from({ length: 4_000 }, (_, i) => row(i))]);
    expect(big.length).toBeGreaterThan(256 * 1024);
    const dry = await importFile(t, 'hr', 'officials', big, { dryRun: true });
    expect(dry.status, JSON.stringify(dry.body).slice(0, 500)).toBe(200);
    expect(dry.body).toMatchObject({ rows: 4_000, valid: 4_000, failed: 4_000 });
    expect(dry.body.errors[0]).toMatchObject({ row: 2, column: 'Đơn vị', code: 'UNIT_NOT_FOUND' });

    const tooMany = csvFile([OFFICIAL_HEADERS, ...Array.from({ length: 5_001 }, (_, i) => [`R${i}`, 'A', 'Nam', '01/01/1980'])]);
    expect(tooMany.length).toBeLessThan(5 * 1024 * 1024);
    const refused = await importFile(t, 'hr', 'officials', tooMany, { dryRun: true });
    expect(refused.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(refused.body.detail).toContain('5001 dòng');

    const huge = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
    const tooBig = await importFile(t, 'hr', 'officials', huge, { dryRun: true });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('connection')).toBe('close');
    // Every other route keeps its 256 KB.
    const json = await t.call('hr', 'POST', '/v1/officials', { fullName: 'x'.repeat(300 * 1024), gender: 'male', dateOfBirth: '1980-01-01' });
    expect(json.status).toBe(413);
  });
});

describe('dry runs, idempotency keys', () => {
  it('a dry run sees earlier rows of its file (an official, then a clash in their history) and writes nothing', async () => {
    const before = await t.call('auditor', 'GET', '/v1/audit?actor=hr-user&limit=500');
    const officials = await importFile(t, 'hr', 'officials', csvFile([OFFICIAL_HEADERS, ['DR1', 'Mai Văn Thử', 'Nam', '01/01/1985', ORG.office]]), { dryRun: true });
    expect(officials.body).toMatchObject({ dryRun: true, written: 1 });
    expect(officials.body.id).toBeUndefined();
    const history = await importFile(
      t,
      'hr',
      'assignments',
      csvFile([ASSIGNMENT_HEADERS, ['CC05', 'VP-CV', '01/01/2018', '', 'Bổ nhiệm'], ['CC05', 'VP-KT', '01/01/2019', '', 'Bổ nhiệm']]),
      { dryRun: true },
    );
    expect(history.body).toMatchObject({ written: 1, failed: 1, errors: [{ row: 3, code: 'ASSIGNMENT_OVERLAP' }] });
    expect((await t.call('hr', 'GET', '/v1/officials?q=DR1')).body.items).toEqual([]);
    const cc05 = (await t.call('hr', 'GET', '/v1/officials?q=CC05')).body.items[0];
    expect((await t.call('hr', 'GET', `/v1/officials/${cc05.id}/assignments`)).body.items).toEqual([]);
    const after = await t.call('auditor', 'GET', '/v1/audit?actor=hr-user&limit=500');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('an Idempotency-Key replays the first report', async () => {
    const file = csvFile([OFFICIAL_HEADERS, ['IK1', 'Khoá Văn Lặp', 'Nam', '01/01/1985', ORG.office]]);
    const headers = { 'idempotency-key': 'import-ik-1' };
    const first = await importFile(t, 'hr', 'officials', file, { headers });
    const second = await importFile(t, 'hr', 'officials', file, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    const xlsx = new ExcelJS.Workbook();
    xlsx.addWorksheet('x').addRow(OFFICIAL_HEADERS);
    const bytes = new Uint8Array((await xlsx.xlsx.writeBuffer()) as ArrayBuffer);
    const binary = await importFile(t, 'hr', 'officials', bytes, { contentType: XLSX_TYPE, headers: { 'idempotency-key': 'import-ik-2' } });
    expect(binary.body).toMatchObject({ rows: 0, written: 0 });
  });
});

describe('scope and roles', () => {
  it('refuses per row what lies outside the caller’s scope, as if it did not exist', async () => {
    const office = { units: [ORG.office] };
    const res = await importFile(
      t,
      'hr',
      'officials',
      csvFile([OFFICIAL_HEADERS, ['SC1', 'Trong Phạm Vi', 'Nam', '01/01/1980', ORG.office], ['SC2', 'Ngoài Phạm Vi', 'Nam', '01/01/1980', ORG.otherOffice]]),
      office,
    );
    expect(res.body).toMatchObject({ written: 1, failed: 1, errors: [{ row: 3, column: 'Đơn vị', code: 'UNIT_NOT_FOUND' }] });
    const history = await importFile(
      t,
      'hr',
      'assignments',
      csvFile([
        ASSIGNMENT_HEADERS,
        ['SC1', 'SNV-CV', '01/01/2010', '', 'Bổ nhiệm'], // a post of another agency
        ['CC06', 'VP-CV', '01/01/2010', '31/12/2010', 'Bổ nhiệm'], // an official of the inspectorate
        ['SC1', 'VP-CV', '01/01/2010', '', 'Bổ nhiệm'],
      ]),
      office,
    );
    expect(history.body).toMatchObject({ written: 1, failed: 2 });
    expect(history.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'POSITION_NOT_FOUND'],
      [3, 'NOT_FOUND'],
    ]);
    // An employee code held outside the scope is refused without saying by whom.
    const taken = await importFile(t, 'hr', 'officials', csvFile([OFFICIAL_HEADERS, ['CC06', 'Trùng Mã', 'Nam', '01/01/1980', ORG.office]]), office);
    expect(taken.body).toMatchObject({ written: 0, present: 0, failed: 1, errors: [{ code: 'ID_UNAVAILABLE' }] });
  });

  it('lets only hr import; hr, leader and auditor read templates and exports; hr and auditor the list', async () => {
    const file = csvFile([OFFICIAL_HEADERS]);
    for (const role of ['leader', 'auditor', 'admin'] as const) expect((await importFile(t, role, 'officials', file)).status).toBe(403);
    for (const role of ['hr', 'leader', 'auditor'] as const) {
      expect((await download(t, role, '/v1/imports/templates/assessments?format=csv')).status).toBe(200);
      expect((await download(t, role, '/v1/exports/officials?format=csv')).status).toBe(200);
    }
    expect((await download(t, 'admin', '/v1/exports/officials')).status).toBe(403);
    expect((await t.call('leader', 'GET', '/v1/imports')).status).toBe(403);
    expect((await t.call('admin', 'GET', '/v1/imports')).status).toBe(403);
  });

  it('lists an import to a reader whose scope covers all of the importer’s', async () => {
    const narrow = await t.call('auditor', 'GET', '/v1/imports?limit=500', undefined, { units: [ORG.agency] });
    const all = await t.call('auditor', 'GET', '/v1/imports?limit=500');
    const byOffice = all.body.items.filter((r: { by: { sub: string } }) => r.by.sub === 'hr-user');
    expect(all.body.items.length).toBeGreaterThan(narrow.body.items.length);
    // The office-scoped imports (scope SKHCN-VP) are within SKHCN; the '*' ones are not.
    expect(narrow.body.items.length).toBe(3);
    expect(byOffice.length).toBe(all.body.items.length);
    expect((await t.call('auditor', 'GET', '/v1/imports', undefined, { units: [ORG.otherAgency] })).body.items).toEqual([]);
  });
});

describe('exports', () => {
  it('are the template, narrowed to a unit subtree, and a unit out of scope is a 404', async () => {
    const res = await download(t, 'leader', `/v1/exports/officials?format=csv&unitId=${ORG.inspectorate}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="cong-chuc-${ORG.inspectorate}.csv"`);
    const lines = new TextDecoder().decode(res.bytes).split('\r\n');
    expect(lines[1]).toBe(OFFICIAL_HEADERS.join(','));
    expect(lines.slice(2).filter(Boolean).map((l) => l.split(',')[0])).toEqual(['CC06', 'CC07', 'CC08', 'CC09', 'CC10', 'MX3']);
    expect((await download(t, 'hr', `/v1/exports/officials?unitId=${ORG.otherOffice}`, [ORG.agency])).status).toBe(404);
    const assessments = await download(t, 'hr', '/v1/exports/assessments?format=csv');
    expect(new TextDecoder().decode(assessments.bytes).split('\r\n')[1]).toBe(ASSESSMENT_HEADERS.join(','));
  });
});
