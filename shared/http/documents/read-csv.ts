/**
 * A CSV file as a sheet of text cells, with csv-parse (RFC 4180: quoted fields, doubled quotes, line breaks inside
 * quotes). The inverse of ./csv.ts's writer, so every CSV the API writes reads back as it was:
 *
 * - UTF-8 with or without a byte-order mark (also UTF-16 with its mark, as Excel's "Unicode text"). A file that is
 *   not UTF-8 (Excel's plain "CSV" on Windows writes the legacy code page) is refused, saying how to save it.
 * - The delimiter is the one the first lines use most: a comma, or the semicolon (Excel where the list separator is
 *   `;`, as in Vietnamese regional settings) or a tab.
 * - Each row keeps the number a spreadsheet shows it under: a field with line breaks is one row, a blank line is one.
 * - The apostrophe the writer puts before text a spreadsheet would run as a formula is taken off again.
 */
import { parse } from 'csv-parse/sync';
import { RuleViolationError } from '../../domain/errors';
import type { SheetRow } from '../../domain/import-parsing';

export function readCsv(bytes: Uint8Array): SheetRow[] {
  const text = decode(bytes);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw unreadable(
      `Tệp CSV không đọc được: ${(error as Error).message} (the CSV file cannot be parsed)`,
      'Malformed CSV',
    );
  }
  // info.lines is the line a record ends on, counting each CR and LF inside quoted fields as a line: those are
  // not rows.
  let inside = 0;
  return records.map(({ record, info }) => {
    inside += record.reduce((n, field) => n + (field.match(/[\r\n]/g)?.length ?? 0), 0);
    return { row: info.lines - inside, cells: record.map(unescapeFormula) };
  });
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    // Strips a UTF-8 byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable(
      'Tệp không phải UTF-8: trong Excel hãy lưu bằng "CSV UTF-8 (Comma delimited)" hoặc gửi tệp .xlsx ' +
        '(the file is not UTF-8: save it as CSV UTF-8, or send the .xlsx)',
      'Not UTF-8',
    );
  }
}

/**
 * The delimiter the file is written with: of comma, semicolon and tab, the one the first twenty lines use most,
 * outside quotes (the header and each row have one between every pair of columns; a title line, a few at most).
 */
function delimiterOf(text: string): string {
  const lines = text.split(/\r\n|\r|\n/, 200).filter((line) => line.trim() !== '').slice(0, 20);
  const uses = (d: string) => lines.reduce((n, line) => n + line.replace(/"[^"]*"/g, '').split(d).length - 1, 0);
  const [best] = [',', ';', '\t'].map((d) => [d, uses(d)] as const).sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

/** Undoes csvField's guard: `'=A1` was written for `=A1`. */
function unescapeFormula(field: string): string {
  return /^'(?:[=+@\t\r]|-[^\s\d])/.test(field) ? field.slice(1) : field;
}

export function unreadable(message: string, english: string): RuleViolationError {
  return new RuleViolationError('IMPORT_UNREADABLE', message, [{ path: 'body.file', message: english }]);
}
