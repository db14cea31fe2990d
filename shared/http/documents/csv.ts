/**
 * A document table as CSV that Excel opens with its Vietnamese intact: UTF-8 with a byte-order mark, CRLF line
 * ends, fields quoted as RFC 4180 says (when they hold a comma, a quote, CR or LF; quotes doubled). The title line
 * comes first, as a row of one field, then the headers, then the rows.
 */
import type { DocumentCell, DocumentTable } from '../../domain/proposal-documents';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const BOM = '\uFEFF';
const CRLF = '\r\n';

export function writeCsv(table: DocumentTable): Uint8Array {
  const lines = [[table.title], table.columns.map((c) => c.header), ...table.rows];
  return new TextEncoder().encode(BOM + lines.map((row) => row.map(csvField).join(',') + CRLF).join(''));
}

/**
 * One field. Text a spreadsheet would read as a formula (=, +, @, a tab or CR first; a minus before anything but a
 * space or a digit) is prefixed with an apostrophe, so a note typed by a person cannot run in the reader's Excel.
 */
export function csvField(cell: DocumentCell): string {
  let text = typeof cell === 'number' ? String(cell) : cell;
  if (typeof cell === 'string' && /^(?:[=+@\t\r]|-[^\s\d])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
