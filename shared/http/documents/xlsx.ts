/**
 * A document table as an XLSX workbook, written with exceljs: one sheet named in Vietnamese, the title in a bold row
 * merged across the columns, the header row bold and frozen (the view scrolls below it, and it repeats on every
 * printed page), column widths set, text wrapped, landscape A4 fitted to the page width.
 *
 * exceljs is loaded on the first export, not when the app starts: most requests never write a workbook.
 */
import type { DocumentTable } from '../../domain/proposal-documents';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rows above the data: the title, then the headers. */
export const XLSX_HEADER_ROWS = 2;

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function writeXlsx(table: DocumentTable): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'luanchuyen';
  const width = table.columns.length;
  const sheet = workbook.addWorksheet(table.sheetName, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: XLSX_HEADER_ROWS, topLeftCell: `A${XLSX_HEADER_ROWS + 1}` }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9, // A4
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${XLSX_HEADER_ROWS}:${XLSX_HEADER_ROWS}`,
    },
  });
  sheet.columns = table.columns.map((c) => ({ width: c.width }));

  const title = sheet.addRow([table.title]);
  sheet.mergeCells(1, 1, 1, width);
  title.font = { bold: true, size: 13 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = 36;

  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });

  for (const values of table.rows) {
    const row = sheet.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    for (let col = 1; col <= width; col++) row.getCell(col).border = BORDER;
    row.getCell(1).alignment = { vertical: 'top', horizontal: 'center' };
  }

  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
