/**
 * An XLSX workbook as sheets of cells, read with exceljs (the library ./xlsx.ts writes with). Cells keep their kind:
 * text, numbers, booleans, and date cells as dates (so a date typed into Excel arrives as the day it shows); rich
 * text and hyperlinks (an e-mail address Excel turned into a link) as their text; a formula as its computed result.
 * Each row keeps the number the spreadsheet shows it under.
 *
 * exceljs is loaded on the first import, not when the app starts.
 */
import type { CellValue } from 'exceljs';
import type { SheetCell, SheetRow } from '../../domain/import-parsing';
import { unreadable } from './read-csv';

export interface WorkbookSheet {
  name: string;
  rows: SheetRow[];
}

/** The workbook's sheets in order (hidden ones too: a template's data may sit in any). */
export async function readXlsx(bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw unreadable(
      `Tệp XLSX không đọc được: ${(error as Error).message} (the XLSX file cannot be read)`,
      'Malformed XLSX',
    );
  }
  return workbook.worksheets.map((sheet) => {
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = cellOf(cell.value);
      });
      rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    return { name: sheet.name, rows };
  });
}

function cellOf(value: CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? text : text && typeof text === 'object' ? cellOf(text as CellValue) : value.hyperlink;
  }
  if ('formula' in value || 'sharedFormula' in value) return cellOf((value as { result?: CellValue }).result ?? null);
  if ('error' in value) return String(value.error);
  return null;
}
