/** Reading a filled-in template: the header row, cells, dates, row rules, duplicates, the ids of imported records. */
import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../shared/auth-contract';
import {
  IMPORT_ID_PATTERN,
  importedAssignmentId,
  importedOfficialId,
  parseImportSheet,
  readDate,
  type SheetCell,
  type SheetRow,
} from '../../shared/domain/import-parsing';
import { exportTable, templateRow, templateTable, TEMPLATE_COLUMNS, type ImportKind } from '../../shared/domain/import-templates';

const TODAY = '2026-06-15';

function sheet(...rows: SheetCell[][]): SheetRow[] {
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}

function parse<K extends ImportKind>(kind: K, rows: SheetRow[]) {
  const result = parseImportSheet(kind, rows, TODAY);
  if (!result.ok) throw new Error(result.problem.message);
  return result.sheet;
}

const OFFICIAL_HEADERS = ['Mã công chức', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Đơn vị', 'Email', 'Ngày nghỉ hưu'];

describe('dates', () => {
  it.each<[SheetCell, string]>([
    ['02/03/1975', '1975-03-02'],
    ['2/3/1975', '1975-03-02'],
    ['02-03-1975', '1975-03-02'],
    ['02.03.1975', '1975-03-02'],
    ['1975-03-02', '1975-03-02'],
    ['1975/3/2', '1975-03-02'],
    ['29/02/2024', '2024-02-29'],
    [' 02/03/1975 ', '1975-03-02'],
    ['1975-03-02T00:00:00', '1975-03-02'],
    ['02/03/1975 00:00', '1975-03-02'],
    [27455, '1975-03-02'], // Excel serial
    [new Date(Date.UTC(1975, 2, 2)), '1975-03-02'],
    [new Date(Date.UTC(1975, 2, 1, 23, 59, 59, 999)), '1975-03-02'], // a reader's rounding, still the same day
  ])('%s -> %s', (cell, iso) => expect(readDate(cell)).toEqual({ value: iso }));

  it.each<[SheetCell, string]>([
    ['30/02/2011', 'Ngày 30/02/2011 không tồn tại (no such date)'],
    ['2011-02-30', 'Ngày 2011-02-30 không tồn tại (no such date)'],
    ['02/03/1875', 'Năm phải từ 1900 đến 2199 (year out of range)'],
    ['02/03/75', 'Cần ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd'],
    ['mùng 2 tháng 3', 'Cần ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd'],
    [1975, 'Cần ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd'], // a year alone is not a date
  ])('%s is refused: %s', (cell, message) => {
    const read = readDate(cell);
    expect('error' in read && read.error).toContain(message);
  });
});

describe('the header row', () => {
  it('is found below a title and instructions, by Vietnamese names, English field names or folded spellings', () => {
    const rows = sheet(
      ['MẪU NHẬP CÔNG CHỨC'],
      ['Ghi chú: ngày dd/mm/yyyy'],
      [],
      ['employeeCode', 'HO VA TEN', 'Giới tính*', 'Ngày sinh (dd/mm/yyyy)', 'unitId', 'Ghi chú riêng'],
      ['CC1', 'Nguyễn Văn An', 'Nam', '02/03/1975', 'VP', 'bỏ qua'],
    );
    const parsed = parse('officials', rows);
    expect(parsed.headerRow).toBe(4);
    expect(parsed.ignoredColumns).toEqual(['Ghi chú riêng']);
    expect(parsed.valid).toEqual([
      { row: 5, values: { employeeCode: 'CC1', fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1975-03-02', unitId: 'VP' } },
    ]);
  });

  it('refuses a file of another kind, naming the kind it is', () => {
    const rows = sheet(['Mã công chức', 'Mã vị trí', 'Từ ngày', 'Đến ngày', 'Hình thức'], ['CC1', 'VP-CV', '01/01/2010', '', 'Bổ nhiệm']);
    const result = parseImportSheet('officials', rows, TODAY);
    expect(result).toMatchObject({ ok: false, problem: { code: 'IMPORT_WRONG_KIND', row: 1 } });
    expect(!result.ok && result.problem.message).toContain('quá trình công tác (assignments)');
    expect(parseImportSheet('assessments', rows, TODAY)).toMatchObject({ ok: false, problem: { code: 'IMPORT_WRONG_KIND' } });
  });

  it('names the required columns a header lacks', () => {
    const result = parseImportSheet('officials', sheet(['Mã công chức', 'Họ và tên', 'Email'], ['CC1', 'A', 'a@b.vn']), TODAY);
    expect(result).toMatchObject({ ok: false, problem: { code: 'IMPORT_COLUMNS_MISSING', row: 1 } });
    expect(!result.ok && result.problem.message).toContain('Giới tính, Ngày sinh');
  });

  it('says when there is no header at all', () => {
    expect(parseImportSheet('officials', sheet(['a', 'b'], ['1', '2']), TODAY)).toMatchObject({ ok: false, problem: { code: 'IMPORT_NO_HEADER' } });
    expect(parseImportSheet('officials', [], TODAY)).toMatchObject({ ok: false, problem: { code: 'IMPORT_NO_HEADER' } });
  });
});

describe('officials', () => {
  it('reads NFD text as NFC, skips blank rows, and reads labels and codes alike', () => {
    const nfd = 'Nguyễn Thị Hồng'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Hồng');
    const parsed = parse(
      'officials',
      sheet(
        OFFICIAL_HEADERS,
        ['CC1', nfd, 'Nữ'.normalize('NFD'), '1980-05-20', '', '', ''],
        ['', '', '', '', '', '', ''],
        [],
        ['CC2', '  Lê   Văn  Bình ', 'male', '20/05/1980', 'VP', 'binh@so.gov.vn', '31/12/2045'],
      ),
    );
    expect(parsed.rows).toBe(2);
    expect(parsed.errors).toEqual([]);
    expect(parsed.valid.map((r) => r.values)).toEqual([
      { employeeCode: 'CC1', fullName: 'Nguyễn Thị Hồng', gender: 'female', dateOfBirth: '1980-05-20' },
      { employeeCode: 'CC2', fullName: 'Lê Văn Bình', gender: 'male', dateOfBirth: '1980-05-20', unitId: 'VP', email: 'binh@so.gov.vn', retirementDate: '2045-12-31' },
    ]);
    expect(parsed.valid[0].values.fullName.normalize('NFC')).toBe(parsed.valid[0].values.fullName);
  });

  it('reports each bad cell by row and column, in Vietnamese with the English beside it', () => {
    const parsed = parse(
      'officials',
      sheet(
        OFFICIAL_HEADERS,
        ['CC1', '', 'Nam', '30/02/1980', 'V P', 'not-an-email', ''],
        ['CC#2', 'Trần B', 'Ông', '1980-01-01', '', '', ''],
        ['CC3', 'Trần C', 'Nam', '01/01/2015', '', '', ''],
        ['CC4', 'Trần D', 'Nam', '01/01/1970', '', '', '01/01/1960'],
      ),
    );
    expect(parsed.valid).toEqual([]);
    expect(parsed.errors).toEqual([
      { row: 2, column: 'Họ và tên', field: 'fullName', code: 'CELL_REQUIRED', message: 'Thiếu giá trị bắt buộc (required)' },
      { row: 2, column: 'Ngày sinh', field: 'dateOfBirth', code: 'CELL_INVALID', message: 'Ngày 30/02/1980 không tồn tại (no such date)' },
      { row: 2, column: 'Đơn vị', field: 'unitId', code: 'CELL_INVALID', message: expect.stringContaining('(1-64 letters, digits, . _ -)') },
      { row: 2, column: 'Email', field: 'email', code: 'CELL_INVALID', message: "Email 'not-an-email' không hợp lệ (invalid e-mail address)" },
      { row: 3, column: 'Mã công chức', field: 'employeeCode', code: 'CELL_INVALID', message: 'Không được chứa dấu # (must not contain #)' },
      { row: 3, column: 'Giới tính', field: 'gender', code: 'CELL_INVALID', message: expect.stringContaining('(expected Nam/Nữ or male/female)') },
      { row: 4, column: 'Ngày sinh', field: 'dateOfBirth', code: 'OFFICIAL_TOO_YOUNG', message: expect.stringContaining('An official must be at least 18') },
      { row: 5, column: 'Ngày nghỉ hưu', field: 'retirementDate', code: 'RETIREMENT_BEFORE_BIRTH', message: expect.stringContaining('(retirement date must be after') },
    ]);
  });

  it('reports a repeated row and a repeated employee code, keeping the first', () => {
    const parsed = parse(
      'officials',
      sheet(
        OFFICIAL_HEADERS,
        ['CC1', 'An', 'Nam', '01/01/1980'],
        ['CC1', 'An', 'Nam', '1980-01-01'],
        ['CC1', 'Ân', 'Nam', '01/01/1980'],
      ),
    );
    expect(parsed.rows).toBe(3);
    expect(parsed.valid.map((r) => r.row)).toEqual([2]);
    expect(parsed.errors).toEqual([
      { row: 3, column: 'Mã công chức', field: 'employeeCode', code: 'DUPLICATE_ROW', message: 'Trùng với dòng 2 (duplicate of row 2)' },
      { row: 4, column: 'Mã công chức', field: 'employeeCode', code: 'DUPLICATE_ROW', message: 'Mã công chức CC1 đã có ở dòng 2 (employee code already in row 2)' },
    ]);
  });
});

describe('assignments', () => {
  const headers = ['Mã công chức', 'Mã vị trí', 'Từ ngày', 'Đến ngày', 'Hình thức', 'Số quyết định', 'Chính'];

  it('reads kinds by label or code, yes/no in either language, and primary by default', () => {
    const parsed = parse(
      'assignments',
      sheet(
        headers,
        ['CC1', 'VP-CV', '01/01/2005', '31/12/2010', 'Bổ nhiệm', '12/QĐ-SKHCN', ''],
        ['CC1', 'VP-KT', '2011-01-01', '', 'rotation', '', 'Có'],
        ['CC1', 'TT-TTV', '01/01/2012', '', 'sap xep, bo tri lai', '', 'Không'],
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.valid.map((r) => r.values)).toEqual([
      { employeeCode: 'CC1', positionId: 'VP-CV', startDate: '2005-01-01', endDate: '2010-12-31', kind: 'appointment', decisionNo: '12/QĐ-SKHCN', primary: true },
      { employeeCode: 'CC1', positionId: 'VP-KT', startDate: '2011-01-01', kind: 'rotation', primary: true },
      { employeeCode: 'CC1', positionId: 'TT-TTV', startDate: '2012-01-01', kind: 'rearrangement', primary: false },
    ]);
  });

  it('refuses an end before the start, a start more than a year ahead, an unknown kind, and a repeated post and start', () => {
    const parsed = parse(
      'assignments',
      sheet(
        headers,
        ['CC1', 'VP-CV', '01/01/2010', '31/12/2009', 'Bổ nhiệm'],
        ['CC1', 'VP-CV', '01/01/2028', '', 'Bổ nhiệm'],
        ['CC1', 'VP-CV', '01/01/2005', '', 'Thăng chức'],
        ['CC2', 'VP-CV', '01/01/2005', '', 'Bổ nhiệm'],
        ['CC2', 'VP-CV', '2005-01-01', '31/12/2006', 'Bổ nhiệm'],
      ),
    );
    expect(parsed.valid.map((r) => r.row)).toEqual([5]);
    expect(parsed.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'endDate', 'END_BEFORE_START'],
      [3, 'startDate', 'ASSIGNMENT_TOO_FAR_AHEAD'],
      [4, 'kind', 'CELL_INVALID'],
      [6, 'employeeCode', 'DUPLICATE_ROW'],
    ]);
    expect(parsed.errors[3].message).toContain('(same official, position and start date as row 5)');
  });
});

describe('assessments', () => {
  const headers = ['Mã công chức', 'Kỳ', 'Xếp loại', 'Điểm', 'Kỷ luật', 'Ngày đánh giá', 'Nhận xét'];

  it('reads periods, ratings and scores as people write them', () => {
    const parsed = parse(
      'assessments',
      sheet(
        headers,
        ['CC1', 2024, 'HTTNV', '', '', '20/12/2024', 'Tốt'],
        ['CC1', 'Năm 2025', 'Hoàn thành xuất sắc nhiệm vụ', '', 'Không', '20/12/2025', ''],
        ['CC1', 'Q1/2026', '', '91,5', '', '31/03/2026', ''],
        ['CC1', 'Tháng 4/2026', '', 85, '', '30/04/2026', ''],
        ['CC1', new Date(Date.UTC(2026, 4, 1)), 'good', '', '', '31/05/2026', ''], // "2026-05" turned into a date by Excel
        ['CC2', '2025', 'không hoàn thành nhiệm vụ', '', 'Có', '2025-12-20', ''],
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.valid.map((r) => [r.values.period, r.values.rating, r.values.score, r.values.disciplined])).toEqual([
      ['2024', 'good', undefined, undefined],
      ['2025', 'excellent', undefined, false],
      ['2026-Q1', undefined, 91.5, undefined],
      ['2026-04', undefined, 85, undefined],
      ['2026-05', 'good', undefined, undefined],
      ['2025', 'unsatisfactory', undefined, true],
    ]);
  });

  it("applies the assessment rules that need no stored data, and leaves a 2026 year's derivation to the write", () => {
    const parsed = parse(
      'assessments',
      sheet(
        headers,
        ['CC1', '2026-05', 'Hoàn thành tốt nhiệm vụ', '95', '', '31/05/2026'], // 95 is excellent
        ['CC1', '2025', '', '80', '', '20/12/2025'], // no score before 2026
        ['CC1', '2026-06', 'good', '', '', '30/06/2026'], // after today
        ['CC1', '2026-03', 'good', '', '', '28/02/2026'], // before the period
        ['CC1', '2024', '', '', '', '20/12/2024'], // no rating
        ['CC1', '2026-Q5', 'good', '', '', '20/12/2024'],
        ['CC1', '2026', '', '', '', '15/06/2026'], // derived from the months when written
      ),
    );
    expect(parsed.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'rating', 'RATING_CONTRADICTS_SCORE'],
      [3, 'score', 'SCORE_BEFORE_2026'],
      [4, 'assessedOn', 'ASSESSED_IN_FUTURE'],
      [5, 'assessedOn', 'ASSESSED_BEFORE_PERIOD'],
      [6, 'rating', 'RATING_REQUIRED'],
      [7, 'period', 'CELL_INVALID'],
    ]);
    expect(parsed.valid.map((r) => r.row)).toEqual([8]);
  });

  it('gives every cell error a code: CELL_REQUIRED for a blank required cell, CELL_INVALID for a value of the wrong form', () => {
    const parsed = parse('assessments', sheet(headers, ['', '2025', 'good', '', '', '20/12/2025'], ['CC1', '2025', 'good', '', '', '31/13/2025']));
    expect(parsed.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'employeeCode', 'CELL_REQUIRED'],
      [3, 'assessedOn', 'CELL_INVALID'],
    ]);
  });
});

describe('templates and exports', () => {
  it('write a title line that the import skips, and headers it reads back', () => {
    for (const kind of ['officials', 'assignments', 'assessments'] as const) {
      const table = templateTable(kind);
      const rows = sheet([table.title], table.columns.map((c) => c.header));
      const result = parseImportSheet(kind, rows, TODAY);
      expect(result).toMatchObject({ ok: true, sheet: { headerRow: 2, rows: 0, errors: [], ignoredColumns: [] } });
      expect(table.columns.map((c) => c.header)).toEqual(TEMPLATE_COLUMNS[kind].map((c) => c.header));
    }
  });

  it('write records that read back as the same records', () => {
    const records = [
      { employeeCode: 'CC1', positionId: 'VP-CV', startDate: '2005-01-01', endDate: '2010-12-31', kind: 'secondment' as const, decisionNo: '1/QĐ', primary: false },
      { employeeCode: 'CC1', positionId: 'VP-KT', startDate: '2011-01-01', kind: 'reorganization' as const, primary: true },
    ];
    const table = exportTable('assignments', records, { name: 'Sở' });
    expect(table.rows[0]).toEqual(['CC1', 'VP-CV', '01/01/2005', '31/12/2010', 'Luân chuyển', '1/QĐ', 'Không']);
    const parsed = parse('assignments', sheet([table.title], table.columns.map((c) => c.header), ...table.rows));
    expect(parsed.valid.map((r) => r.values)).toEqual(records);
    expect(templateRow('assessments', { employeeCode: 'CC1', period: '2025', rating: 'good', disciplined: false, assessedOn: '2025-12-20' })).toEqual(
      ['CC1', '2025', 'Hoàn thành tốt nhiệm vụ', '', 'Không', '20/12/2025', ''],
    );
  });
});

describe('ids of imported records', () => {
  it('are the same for the same row, differ between rows, and are valid ids', () => {
    expect(importedOfficialId('CC1')).toBe(importedOfficialId('CC1'));
    expect(importedOfficialId('CC1')).not.toBe(importedOfficialId('CC2'));
    const a = importedAssignmentId({ employeeCode: 'CC1', positionId: 'P', startDate: '2010-01-01' });
    expect(a).not.toBe(importedAssignmentId({ employeeCode: 'CC1', positionId: 'P', startDate: '2010-01-02' }));
    expect(a).toMatch(/^asg-[0-9a-z]{13}$/);
    const ids = new Set(Array.from({ length: 20_000 }, (_, i) => importedOfficialId(`CC${i}`)));
    expect(ids.size).toBe(20_000);
    expect(IMPORT_ID_PATTERN.source).toBe(ID_PATTERN.source);
  });
});
