/** The readers of imported files: CSV (csv-parse) and XLSX (exceljs) into sheets of cells, and back from the writers. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../shared/http/documents/csv';
import { readCsv } from '../../shared/http/documents/read-csv';
import { readXlsx } from '../../shared/http/documents/read-xlsx';
import { writeXlsx } from '../../shared/http/documents/xlsx';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readCsv', () => {
  it('reads UTF-8 with and without a byte-order mark alike, with line numbers', () => {
    const text = 'Mã công chức,Họ và tên\r\nCC1,Nguyễn Văn An\r\n\r\nCC2,"Lê, Thị ""Bé"""\r\n';
    const expected = [
      { row: 1, cells: ['Mã công chức', 'Họ và tên'] },
      { row: 2, cells: ['CC1', 'Nguyễn Văn An'] },
      { row: 4, cells: ['CC2', 'Lê, Thị "Bé"'] },
    ];
    expect(readCsv(utf8(text))).toEqual(expected);
    expect(readCsv(utf8(`\uFEFF${text}`))).toEqual(expected);
  });

  it('numbers rows as a spreadsheet shows them: a field over several lines is one row, a blank line one', () => {
    const rows = readCsv(utf8('a,b\n1,"dòng một\ndòng hai"\n\n2,x\n3,"a\r\nb\r\nc"\r\n4,y\n'));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 4, 5, 6]);
    expect(rows[1].cells[1]).toBe('dòng một\ndòng hai');
  });

  it('takes the delimiter the lines use: semicolons (Vietnamese regional settings) and tabs', () => {
    expect(readCsv(utf8('Mã công chức;Họ và tên\nCC1;An, Bình\n'))[1].cells).toEqual(['CC1', 'An, Bình']);
    expect(readCsv(utf8('a\tb\n1\t2\n'))[1].cells).toEqual(['1', '2']);
    // A title line with a semicolon above comma-separated columns.
    expect(readCsv(utf8('Danh sách; ghi chú\r\nA,B,C\r\n1,2,3\r\n'))[1].cells).toEqual(['A', 'B', 'C']);
  });

  it("reads UTF-16 with its mark (Excel's Unicode text), and refuses a legacy code page saying how to save", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('a\tb\r\nĐ\tư\r\n', 'utf16le')]);
    expect(readCsv(bytes)[1].cells).toEqual(['Đ', 'ư']);
    const windows1258 = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xd0, 0xe3, 0x0a]);
    expect(() => readCsv(windows1258)).toThrow(expect.objectContaining({ code: 'IMPORT_UNREADABLE', message: expect.stringContaining('CSV UTF-8') }));
  });

  it('reads back what the writer wrote, formula guards and all', () => {
    const table = {
      title: 'Tiêu đề',
      sheetName: 'x',
      columns: [{ header: 'A', width: 5 }, { header: 'B', width: 5 }],
      rows: [['=1+1', '-abc'], ['-5', 'a "b", c\nd']],
      fileName: { ascii: 'x', vi: 'x' },
    };
    expect(readCsv(writeCsv(table)).map((r) => r.cells)).toEqual([['Tiêu đề'], ['A', 'B'], ['=1+1', '-abc'], ['-5', 'a "b", c\nd']]);
  });
});

describe('readXlsx', () => {
  it('keeps date cells as dates, numbers as numbers, and reads rich text, links and formulas as what they show', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Công chức');
    sheet.addRow(['Mã công chức', 'Ngày sinh', 'Email', 'Họ và tên', 'Điểm']);
    sheet.addRow([
      12345,
      new Date(Date.UTC(1975, 2, 2)),
      { text: 'an@so.gov.vn', hyperlink: 'mailto:an@so.gov.vn' },
      { richText: [{ text: 'Nguyễn ', font: { bold: true } }, { text: 'Văn An' }] },
      { formula: 'A2/137', result: 90.12 },
    ]);
    sheet.addRow([]);
    sheet.addRow(['CC2', 27455]);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const [read] = await readXlsx(bytes);
    expect(read.name).toBe('Công chức');
    expect(read.rows).toEqual([
      { row: 1, cells: ['Mã công chức', 'Ngày sinh', 'Email', 'Họ và tên', 'Điểm'] },
      { row: 2, cells: [12345, new Date(Date.UTC(1975, 2, 2)), 'an@so.gov.vn', 'Nguyễn Văn An', 90.12] },
      { row: 4, cells: ['CC2', 27455] },
    ]);
  });

  it("reads the writer's workbook back: the title row, the headers, the rows", async () => {
    const table = {
      title: 'Tiêu đề',
      sheetName: 'Mẫu',
      columns: [{ header: 'A', width: 5 }, { header: 'B', width: 5 }],
      rows: [['x', 1]],
      fileName: { ascii: 'x', vi: 'x' },
    };
    const [read] = await readXlsx(await writeXlsx(table));
    expect(read.rows.map((r) => r.cells)).toEqual([['Tiêu đề', 'Tiêu đề'], ['A', 'B'], ['x', 1]]);
  });

  it('refuses what is not a workbook', async () => {
    await expect(readXlsx(utf8('a,b\n1,2\n'))).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE' });
  });
});
