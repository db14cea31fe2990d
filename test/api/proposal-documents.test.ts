/**
 * The documents for signature through the API (issue 7, point 6): a drafted proposal exported as CSV and XLSX and
 * read back (the CSV parsed by RFC 4180, the XLSX with exceljs, the library that wrote it), and the report of the
 * candidates who could not be placed as JSON, CSV and XLSX; roles and scope as everywhere.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/types';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';

const PROPOSAL_HEADERS = [
  'STT',
  'Họ và tên',
  'Chức vụ / vị trí hiện tại',
  'Đơn vị',
  'Thời gian giữ vị trí',
  'Lý do',
  'Hình thức',
  'Vị trí dự kiến',
  'Ghi chú',
];
const UNARRANGED_HEADERS = [
  'STT',
  'Họ và tên',
  'Chức vụ / vị trí hiện tại',
  'Đơn vị',
  'Thời gian giữ vị trí',
  'Lý do',
  'Lý do chưa bố trí được',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOTE = 'Bàn giao hồ sơ, sổ sách "trước 28/02"\nrồi nhận việc';

/** One department, two offices with one specialist post each (full), a third with a vacancy; one support post. */
async function organisation() {
  const units = [
    { id: 'P', name: 'Tỉnh', kind: 'province' },
    { id: 'D', name: 'Sở Tài chính', kind: 'department', parentId: 'P' },
    { id: 'D-KH', name: 'Phòng Kế hoạch', kind: 'office', parentId: 'D' },
    { id: 'D-NS', name: 'Phòng Ngân sách', kind: 'office', parentId: 'D' },
    { id: 'D-TH', name: 'Phòng Tổng hợp', kind: 'office', parentId: 'D' },
  ];
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status).toBe(201);
  const positions = [
    { id: 'KH-CV', unitId: 'D-KH', title: 'Chuyên viên kế hoạch', category: 'specialist' },
    { id: 'NS-CV', unitId: 'D-NS', title: 'Chuyên viên ngân sách', category: 'specialist' },
    { id: 'TH-CV', unitId: 'D-TH', title: 'Chuyên viên tổng hợp', category: 'specialist', headcount: 2 },
    // The only support post: its holder has nowhere to rotate to.
    { id: 'KH-VT', unitId: 'D-KH', title: 'Văn thư', category: 'support' },
  ];
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
}

/** A GET whose body is kept as bytes (Response.text() would drop the BOM). */
async function download(role: Role, path: string, units: string[] | '*' = '*') {
  const token = await t.token(role, units);
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** RFC 4180: fields split on commas, quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF. */
function parseCsv(bytes: Uint8Array): string[][] {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r') {
      expect(text[i + 1], 'CR only as part of CRLF').toBe('\n');
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else {
      expect(ch, 'a bare LF outside quotes').not.toBe('\n');
      field += ch;
    }
  }
  expect(quoted).toBe(false);
  expect(field === '' && row.length === 0, 'the last row ends in CRLF').toBe(true);
  return rows;
}

async function readXlsx(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
}

function contentDisposition(header: string | null, ascii: string, vi: string) {
  expect(header).toBe(`attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(vi)}`);
}

let a: string;
let b: string;
let d: string;
let proposalId: string;

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await organisation();
  a = await addOfficial(t, 'D-KH', { fullName: 'Nguyễn Văn A', gender: 'male', dateOfBirth: '1975-01-01' });
  b = await addOfficial(t, 'D-NS', { fullName: 'Trần Văn B', gender: 'male', dateOfBirth: '1976-01-01' });
  const c = await addOfficial(t, 'D-TH', { fullName: 'Lê Thị C', gender: 'female', dateOfBirth: '1985-01-01' });
  d = await addOfficial(t, 'D-KH', { fullName: 'Phạm Thị Dung', gender: 'female', dateOfBirth: '1980-06-01' });
  await addAssignment(t, a, { positionId: 'KH-CV', startDate: '2012-01-01' }); // overdue since 2022
  await addAssignment(t, b, { positionId: 'NS-CV', startDate: '2014-01-01' }); // overdue since 2024
  await addAssignment(t, c, { positionId: 'TH-CV', startDate: '2025-01-01' }); // not a candidate
  await addAssignment(t, d, { positionId: 'KH-VT', startDate: '2013-09-01' }); // overdue, no other support post

  const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf, effectiveDate });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  proposalId = draft.body.id;
  expect(draft.body.items.map((i: { officialId: string }) => i.officialId).sort()).toEqual([a, b].sort());
  expect(draft.body.unarranged.map((u: { officialId: string }) => u.officialId)).toEqual([d]);
  // A note with a comma, quotes and a line break: the CSV must quote it, the XLSX keep it.
  const itemOfB = draft.body.items.find((i: { officialId: string }) => i.officialId === b).itemId;
  const patch = await t.call('hr', 'PATCH', `/v1/proposals/${proposalId}/items/${itemOfB}`, { note: NOTE });
  expect(patch.status, JSON.stringify(patch.body)).toBe(200);
});

describe('GET /v1/proposals/{id}/export', () => {
  it('sends a CSV with BOM and CRLF: the title line, the Vietnamese headers, one row per item', async () => {
    const res = await download('leader', `/v1/proposals/${proposalId}/export?format=csv`);
    expect(res.status, new TextDecoder().decode(res.bytes)).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    contentDisposition(
      res.headers.get('content-disposition'),
      'de-xuat-luan-chuyen-so-tai-chinh-2027-01-15.csv',
      'Đề xuất luân chuyển - Sở Tài chính - 2027-01-15.csv',
    );

    const rows = parseCsv(res.bytes);
    expect(rows[0]).toEqual([
      'ĐỀ XUẤT CHUYỂN ĐỔI VỊ TRÍ CÔNG TÁC, ĐIỀU ĐỘNG, LUÂN CHUYỂN - Sở Tài chính - ngày 15/01/2027 - hiệu lực từ ngày 01/03/2027',
    ]);
    expect(rows[1]).toEqual(PROPOSAL_HEADERS);
    const data = rows.slice(2);
    expect(data).toHaveLength(2);
    expect(data.map((r) => r[0])).toEqual(['1', '2']);
    for (const r of data) expect(r).toHaveLength(PROPOSAL_HEADERS.length);
    const byName = new Map(data.map((r) => [r[1], r]));
    expect([...byName.keys()].sort()).toEqual(['Nguyễn Văn A', 'Trần Văn B']);

    const rowA = byName.get('Nguyễn Văn A')!;
    expect(rowA[2]).toBe('Chuyên viên kế hoạch');
    expect(rowA[3]).toBe('Phòng Kế hoạch');
    expect(rowA[4]).toBe('15 năm (từ 01/01/2012)');
    expect(rowA[5]).toMatch(/^15 năm ở vị trí Chuyên viên kế hoạch/); // the reasons' details
    expect(rows.flat().join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}/); // dates are dd/mm/yyyy
    expect(rowA[6]).toBe('Chuyển đổi vị trí công tác');
    expect(rowA[7]).toMatch(/^Chuyên viên (ngân sách - Phòng Ngân sách|tổng hợp - Phòng Tổng hợp)$/);
    expect(rowA[8]).toBe('Chờ quyết định');

    const rowB = byName.get('Trần Văn B')!;
    expect(rowB[4]).toBe('13 năm (từ 01/01/2014)');
    expect(rowB[8]).toBe(`Chờ quyết định: ${NOTE}`);
  });

  it('says the decision in Ghi chú once a leader has decided', async () => {
    // A second proposal to decide, so the first stays a draft for the other tests.
    const second = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf, effectiveDate, title: 'Đợt 2' });
    expect(second.status).toBe(201);
    expect((await t.call('hr', 'POST', `/v1/proposals/${second.body.id}/submit`)).status).toBe(200);
    const [first, other] = second.body.items as { itemId: string; fullName: string }[];
    const decided = await t.call('leader', 'POST', `/v1/proposals/${second.body.id}/decisions`, {
      items: [
        { itemId: first.itemId, decision: 'approved' },
        { itemId: other.itemId, decision: 'rejected', note: 'Chưa bố trí được người thay' },
      ],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const rows = parseCsv((await download('auditor', `/v1/proposals/${second.body.id}/export?format=csv`)).bytes);
    const notes = new Map(rows.slice(2).map((r) => [r[1], r[8]]));
    expect(notes.get(first.fullName)).toBe('Đã duyệt');
    expect(notes.get(other.fullName)).toBe('Không duyệt: Chưa bố trí được người thay');
  });

  it('sends an XLSX (the default) that exceljs reads back: sheet, merged bold title, frozen bold headers, rows', async () => {
    const res = await download('hr', `/v1/proposals/${proposalId}/export`);
    expect(res.status, new TextDecoder().decode(res.bytes)).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    contentDisposition(
      res.headers.get('content-disposition'),
      'de-xuat-luan-chuyen-so-tai-chinh-2027-01-15.xlsx',
      'Đề xuất luân chuyển - Sở Tài chính - 2027-01-15.xlsx',
    );
    expect([...res.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip

    const workbook = await readXlsx(res.bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Đề xuất luân chuyển']);
    const sheet = workbook.getWorksheet('Đề xuất luân chuyển')!;
    expect(sheet.getCell('A1').value).toMatch(/^ĐỀ XUẤT .* - Sở Tài chính - ngày 15\/01\/2027 - hiệu lực từ ngày 01\/03\/2027$/);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('I1').isMerged).toBe(true);
    expect(sheet.getCell('I1').master.address).toBe('A1');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(PROPOSAL_HEADERS);
    expect(sheet.getCell('B2').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.rowCount).toBe(4);
    expect(sheet.columns.map((c) => c.width)).toEqual([6, 24, 28, 26, 20, 48, 20, 34, 30]);

    const names = [sheet.getCell('B3').value, sheet.getCell('B4').value];
    expect(names.sort()).toEqual(['Nguyễn Văn A', 'Trần Văn B']);
    expect(sheet.getCell('A3').value).toBe(1);
    const rowB = sheet.getCell('B3').value === 'Trần Văn B' ? 3 : 4;
    expect(sheet.getCell(`I${rowB}`).value).toBe(`Chờ quyết định: ${NOTE}`);
    expect(sheet.getCell(`F${rowB}`).alignment?.wrapText).toBe(true);
    expect(sheet.getCell(`G${rowB}`).value).toBe('Chuyển đổi vị trí công tác');
  });

  it('answers 403 to an admin, 404 out of scope or for an unknown proposal, 400 for an unknown format', async () => {
    const forbidden = await t.call('admin', 'GET', `/v1/proposals/${proposalId}/export?format=csv`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    // An office's HR does not see a proposal drafted for the whole department.
    const outOfScope = await t.call('hr', 'GET', `/v1/proposals/${proposalId}/export?format=csv`, undefined, { units: ['D-KH'] });
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.code).toBe('NOT_FOUND');
    expect((await t.call('hr', 'GET', '/v1/proposals/NOPE/export')).status).toBe(404);
    const badFormat = await t.call('hr', 'GET', `/v1/proposals/${proposalId}/export?format=pdf`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors[0].path).toBe('query.format');
  });
});

describe('GET /v1/reports/unarranged', () => {
  it('answers JSON by default: the latest proposal for the unit and its unarranged candidates', async () => {
    const res = await t.call('leader', 'GET', '/v1/reports/unarranged?unitId=D');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Two proposals were drafted for D; the report reads the one created last ("Đợt 2").
    const latest = (await t.call('hr', 'GET', '/v1/proposals?unitId=D')).body.items.find(
      (h: { title: string }) => h.title === 'Đợt 2',
    );
    expect(res.body).toMatchObject({ asOf, proposalId: latest.id, unitId: 'D', unitName: 'Sở Tài chính' });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      officialId: d,
      fullName: 'Phạm Thị Dung',
      positionTitle: 'Văn thư',
      unitName: 'Phòng Kế hoạch',
      why: 'NO_FEASIBLE_TARGET',
      timeHeld: '13 năm 4 tháng (từ 01/09/2013)',
    });
  });

  it('reads only proposals with asOf on or before the date asked', async () => {
    const later = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf: '2027-02-01', effectiveDate, title: 'Đợt 3' });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect((await t.call('hr', 'GET', '/v1/reports/unarranged?unitId=D&asOf=2027-02-01')).body.proposalId).toBe(later.body.id);
    const before = await t.call('hr', 'GET', '/v1/reports/unarranged?unitId=D&asOf=2027-01-20');
    expect(before.body.proposalId).not.toBe(later.body.id);
    expect(before.body.asOf).toBe(asOf);

    const none = await t.call('hr', 'GET', '/v1/reports/unarranged?unitId=D&asOf=2027-01-14');
    expect(none.status).toBe(404);
    expect(none.body.detail).toMatch(/^Chưa có đề xuất nào lập cho đơn vị 'Sở Tài chính' tính đến ngày 14\/01\/2027: hãy lập đề xuất trước/);
    // A unit in scope that no proposal was drafted for: the report is per unit, not per subtree.
    const office = await t.call('hr', 'GET', '/v1/reports/unarranged?unitId=D-KH');
    expect(office.status).toBe(404);
    expect(office.body.detail).toMatch(/hãy lập đề xuất trước/);
  });

  it('sends the report as CSV: the title line, the headers, one row per unarranged candidate', async () => {
    const res = await download('auditor', `/v1/reports/unarranged?unitId=D&asOf=${asOf}&format=csv`);
    expect(res.status, new TextDecoder().decode(res.bytes)).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    contentDisposition(
      res.headers.get('content-disposition'),
      'danh-sach-chua-bo-tri-so-tai-chinh-2027-01-15.csv',
      'Danh sách chưa bố trí được - Sở Tài chính - 2027-01-15.csv',
    );
    const rows = parseCsv(res.bytes);
    expect(rows[0]).toEqual(['DANH SÁCH CÔNG CHỨC CHƯA BỐ TRÍ ĐƯỢC VỊ TRÍ CÔNG TÁC - Sở Tài chính - ngày 15/01/2027']);
    expect(rows[1]).toEqual(UNARRANGED_HEADERS);
    expect(rows).toHaveLength(3);
    const [stt, name, post, unit, held, why, whyNot] = rows[2];
    expect([stt, name, post, unit, held]).toEqual(['1', 'Phạm Thị Dung', 'Văn thư', 'Phòng Kế hoạch', '13 năm 4 tháng (từ 01/09/2013)']);
    expect(why).toMatch(/^13 năm 4 tháng ở vị trí Văn thư/);
    expect(rows.flat().join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(whyNot).toMatch(/^Không có vị trí phù hợp/);
  });

  it('sends the report as XLSX', async () => {
    const res = await download('hr', `/v1/reports/unarranged?unitId=D&asOf=${asOf}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain('filename="danh-sach-chua-bo-tri-so-tai-chinh-2027-01-15.xlsx"');
    const sheet = (await readXlsx(res.bytes)).worksheets[0];
    expect(sheet.name).toBe('Chưa bố trí được');
    expect(sheet.getCell('A1').value).toBe('DANH SÁCH CÔNG CHỨC CHƯA BỐ TRÍ ĐƯỢC VỊ TRÍ CÔNG TÁC - Sở Tài chính - ngày 15/01/2027');
    expect(sheet.getCell('G1').master.address).toBe('A1');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(UNARRANGED_HEADERS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getCell('B3').value).toBe('Phạm Thị Dung');
  });

  it('answers 403 to an admin, 404 for a unit out of scope or unknown, 400 without a unit', async () => {
    expect((await t.call('admin', 'GET', '/v1/reports/unarranged?unitId=D')).status).toBe(403);
    expect((await t.call('admin', 'GET', '/v1/reports/unarranged?unitId=D&format=xlsx')).status).toBe(403);
    const outOfScope = await t.call('leader', 'GET', '/v1/reports/unarranged?unitId=D&format=csv', undefined, { units: ['D-NS'] });
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.detail).toBe("Đơn vị 'D' không tồn tại");
    expect((await t.call('hr', 'GET', '/v1/reports/unarranged?unitId=NOPE')).status).toBe(404);
    const missing = await t.call('hr', 'GET', '/v1/reports/unarranged');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('query.unitId');
  });
});
