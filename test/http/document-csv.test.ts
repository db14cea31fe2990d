/** The CSV writer alone: BOM, CRLF, RFC 4180 quoting, and text that a spreadsheet would run as a formula. */
import { describe, expect, it } from 'vitest';
import { csvField, writeCsv } from '../../shared/http/documents/csv';
import type { DocumentTable } from '../../shared/domain/proposal-documents';

const table: DocumentTable = {
  title: 'DANH SÁCH - Sở Tài chính, Phòng "A" - ngày 15/01/2027',
  sheetName: 'x',
  columns: [
    { header: 'STT', width: 6 },
    { header: 'Họ và tên', width: 20 },
    { header: 'Ghi chú', width: 20 },
  ],
  rows: [
    [1, 'Nguyễn Văn A', 'một dòng'],
    [2, 'Trần Văn B', 'hai dòng\nvà "trích dẫn", có dấu phẩy'],
    [3, 'Lê Thị C', ''],
  ],
  fileName: { ascii: 'x', vi: 'x' },
};

describe('writeCsv', () => {
  it('starts with the UTF-8 BOM and writes Vietnamese as UTF-8', () => {
    const bytes = writeCsv(table);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF"DANH SÁCH')).toBe(true);
  });

  it('ends every row in CRLF and quotes only the fields that need it, doubling quotes', () => {
    const text = new TextDecoder().decode(writeCsv(table)); // the decoder drops the BOM
    expect(text).toBe(
      '"DANH SÁCH - Sở Tài chính, Phòng ""A"" - ngày 15/01/2027"\r\n' +
        'STT,Họ và tên,Ghi chú\r\n' +
        '1,Nguyễn Văn A,một dòng\r\n' +
        '2,Trần Văn B,"hai dòng\nvà ""trích dẫn"", có dấu phẩy"\r\n' +
        '3,Lê Thị C,\r\n',
    );
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['line\rbreak', '"line\rbreak"'],
    ['plain', 'plain'],
    ['', ''],
    [42, '42'],
  ])('writes %j as %j', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+84 912', "'+84 912"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-cmd', "'-cmd"],
    ['- gạch đầu dòng', '- gạch đầu dòng'],
    ['-5', '-5'],
  ])('keeps %j from running as a formula: %j', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });
});
