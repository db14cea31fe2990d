/**
 * Round trips (issue 9): records entered through the API are exported, imported into an empty table (its units and
 * posts only) and exported again: the same files, for the three kinds, as CSV (byte for byte) and as XLSX (cell for
 * cell). Against DynamoDB Local.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '../../shared/domain/import-templates';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';
import { download, importFile, XLSX_TYPE } from '../support/imports';

const NOW = Date.parse('2026-11-20T03:00:00Z');

async function app(): Promise<TestApp> {
  let tick = 0;
  const t = await createTestApp({ now: () => new Date(NOW + tick++) });
  await seedOrganisation(t);
  return t;
}

async function ok(res: Promise<{ status: number; body: any }>, status = 201) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** Officials, histories and assessments entered through the API, with what a round trip could lose. */
async function enterRecords(t: TestApp) {
  const official = (body: object) => ok(t.call('hr', 'POST', '/v1/officials', body));
  const an = await official({ employeeCode: 'RT-01', fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1970-02-28', unitId: ORG.inspectorate, email: 'an@skhcn.gov.vn' });
  const binh = await official({ employeeCode: 'RT-02', fullName: 'Trần Thị Bình', gender: 'female', dateOfBirth: '1984-02-29', unitId: ORG.office, retirementDate: '2040-06-30' });
  const cuong = await official({ employeeCode: 'RT-03', fullName: 'Lê Văn Cường', gender: 'male', dateOfBirth: '1990-12-31', unitId: ORG.office });
  await official({ employeeCode: 'RT-04', fullName: 'Đỗ Thị Dung', gender: 'female', dateOfBirth: '1995-01-15', unitId: ORG.otherOffice });

  const assign = (id: string, body: object) => ok(t.call('hr', 'POST', `/v1/officials/${id}/assignments`, body));
  await assign(an.id, { positionId: 'VP-CV', startDate: '2004-03-01', endDate: '2011-12-31', kind: 'appointment', decisionNo: '12/QĐ-SKHCN, ngày 01/03/2004' });
  await assign(an.id, { positionId: 'VP-KT', startDate: '2012-01-01', kind: 'rotation', decisionNo: '"3"/QĐ' });
  await assign(an.id, { positionId: 'TT-TTV', startDate: '2020-05-01', endDate: '2021-04-30', kind: 'secondment', primary: false });
  await assign(binh.id, { positionId: 'VP-CVP', startDate: '2016-07-01', kind: 'reappointment' });
  await assign(cuong.id, { positionId: 'TT-TTV', startDate: '2025-01-01', kind: 'transfer' });

  const assess = (id: string, period: string, body: object) => ok(t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${period}`, body));
  await assess(an.id, '2024', { rating: 'good', assessedOn: '2024-12-20', comments: '=SUM(A1), "tốt"\nđạt' });
  await assess(an.id, '2025', { rating: 'excellent', assessedOn: '2025-12-19', comments: '-ghi chú, có dấu phẩy' });
  for (const m of ['01', '02', '03']) await assess(binh.id, `2026-${m}`, { score: 88.5, assessedOn: `2026-${m}-25` });
  await assess(binh.id, '2026-Q2', { score: 72, assessedOn: '2026-06-30' });
  // Derived from the months: rating and score come from their average.
  await assess(binh.id, '2026', { assessedOn: '2026-11-18' });
  await assess(cuong.id, '2025', { rating: 'unsatisfactory', disciplined: true, assessedOn: '2025-12-20' });
  await assess(cuong.id, '2026-10', { score: 95, disciplined: false, assessedOn: '2026-10-31' });
}

const exports = (t: TestApp, format: 'csv' | 'xlsx') =>
  Promise.all(IMPORT_KINDS.map(async (kind) => {
    const res = await download(t, 'hr', `/v1/exports/${kind}?format=${format}`);
    expect(res.status).toBe(200);
    return res.bytes;
  }));

async function cells(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

let source: TestApp;

beforeAll(async () => {
  source = await app();
  await enterRecords(source);
});

describe('export, import into an empty table, export again', () => {
  it('gives the same CSV files, byte for byte', async () => {
    const first = await exports(source, 'csv');
    const text = first.map((b) => new TextDecoder().decode(b));
    expect(text[0]).toContain('RT-02,Trần Thị Bình,Nữ,29/02/1984,SKHCN-VP,,30/06/2040');
    expect(text[0]).toContain('RT-01,Nguyễn Văn An,Nam,28/02/1970,SKHCN-VP,an@skhcn.gov.vn,'); // placed by the current post
    expect(text[1]).toContain('RT-01,TT-TTV,01/05/2020,30/04/2021,Luân chuyển,,Không');
    expect(text[2]).toContain('RT-02,2026,Hoàn thành tốt nhiệm vụ,88.5,,18/11/2026,\r\n'); // derived from the months
    expect(text[2]).toContain('RT-01,2024,Hoàn thành tốt nhiệm vụ,,,20/12/2024,"\'=SUM(A1), ""tốt""\nđạt"');

    const target = await app();
    for (const [i, kind] of IMPORT_KINDS.entries()) {
      const report = await importFile(target, 'hr', kind, first[i]);
      expect(report.status, JSON.stringify(report.body)).toBe(201);
      expect(report.body).toMatchObject({ failed: 0, errors: [], present: 0 });
      expect(report.body.written).toBe(report.body.rows);
    }
    const second = await exports(target, 'csv');
    for (const [i, kind] of IMPORT_KINDS.entries()) expect(new TextDecoder().decode(second[i]), kind).toBe(text[i]);
    for (const [i] of IMPORT_KINDS.entries()) expect(second[i]).toEqual(first[i]);

    // And importing the files again into that table changes nothing.
    for (const [i, kind] of IMPORT_KINDS.entries()) {
      const again = await importFile(target, 'hr', kind, first[i]);
      expect(again.body).toMatchObject({ written: 0, failed: 0 });
      expect(again.body.present).toBe(again.body.rows);
    }
  });

  it('gives the same XLSX workbooks, cell for cell', async () => {
    const first = await exports(source, 'xlsx');
    const target = await app();
    for (const [i, kind] of IMPORT_KINDS.entries()) {
      const report = await importFile(target, 'hr', kind, first[i], { contentType: XLSX_TYPE });
      expect(report.body, JSON.stringify(report.body)).toMatchObject({ failed: 0, errors: [] });
    }
    const second = await exports(target, 'xlsx');
    for (const [i, kind] of IMPORT_KINDS.entries()) expect(await cells(second[i]), kind).toEqual(await cells(first[i]));
    expect((await cells(first[2])).length).toBe(2 + 9);
  });
});
