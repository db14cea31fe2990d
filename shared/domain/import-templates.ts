/**
 * The three spreadsheet templates: officials, assignment histories and assessments, with Vietnamese headers
 * (the English field names are accepted too), the labels their values are written with, and a template or an export
 * as a document table (./proposal-documents.ts: a title line, the headers, the rows). Writing the table as CSV or
 * XLSX is the HTTP edge's presentation; reading a file back is ./import-parsing.ts.
 *
 * One format for the template, the export and the import: every export re-imports as it is, and the title line
 * above the headers is skipped on import (the header row is found by its names).
 */
import { RATING_LABELS_VI } from './assessment';
import { formatDateVi } from './dates';
import { foldName } from './names';
import type { DocumentCell, DocumentTable } from './proposal-documents';
import type { AssignmentKind, Gender, IsoDate, Rating } from './types';
import { IMPORT_KINDS, type ImportKind } from './import-kinds';

export { IMPORT_KINDS, type ImportKind };

export const IMPORT_KIND_LABELS_VI: Record<ImportKind, string> = {
  officials: 'công chức',
  assignments: 'quá trình công tác',
  assessments: 'đánh giá, xếp loại',
};

export const GENDER_LABELS_VI: Record<Gender, string> = { male: 'Nam', female: 'Nữ' };

export const ASSIGNMENT_KIND_LABELS_VI: Record<AssignmentKind, string> = {
  appointment: 'Bổ nhiệm',
  reappointment: 'Bổ nhiệm lại',
  rotation: 'Chuyển đổi vị trí công tác',
  transfer: 'Điều động',
  secondment: 'Luân chuyển',
  reorganization: 'Sắp xếp tổ chức',
  rearrangement: 'Sắp xếp, bố trí lại',
};

/** The short forms HR offices write ratings with (Hoàn thành xuất sắc nhiệm vụ = HTXSNV ...). */
export const RATING_ABBREVIATIONS: Record<Rating, string> = {
  excellent: 'HTXSNV',
  good: 'HTTNV',
  satisfactory: 'HTNV',
  unsatisfactory: 'KHTNV',
};

export const YES_VI = 'Có';
export const NO_VI = 'Không';

/** One row of each template, with the API's field names. */
export interface OfficialRow {
  employeeCode: string;
  fullName: string;
  gender: Gender;
  dateOfBirth: IsoDate;
  unitId?: string;
  email?: string;
  retirementDate?: IsoDate;
}

export interface AssignmentRow {
  employeeCode: string;
  positionId: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  kind: AssignmentKind;
  decisionNo?: string;
  primary: boolean;
}

export interface AssessmentRow {
  employeeCode: string;
  period: string;
  rating?: Rating;
  score?: number;
  disciplined?: boolean;
  assessedOn: IsoDate;
  comments?: string;
}

export interface RowOf {
  officials: OfficialRow;
  assignments: AssignmentRow;
  assessments: AssessmentRow;
}

/** What a column holds, which decides how a cell is read and written. */
export type ColumnType =
  | 'code'
  | 'id'
  | 'name'
  | 'text'
  | 'longText'
  | 'date'
  | 'gender'
  | 'email'
  | 'assignmentKind'
  | 'boolean'
  | 'period'
  | 'rating'
  | 'score';

export interface TemplateColumn {
  field: string;
  /** The header the template writes. */
  header: string;
  /** Other headers read as this column (besides `field`, the English name). */
  aliases: readonly string[];
  type: ColumnType;
  required: boolean;
  /** Longest text accepted (the API's limit). */
  maxLength?: number;
  /** Width in characters, for a spreadsheet. */
  width: number;
}

const EMPLOYEE_CODE: TemplateColumn = {
  field: 'employeeCode',
  header: 'Mã công chức',
  aliases: ['Mã CC', 'Mã số công chức', 'Mã cán bộ', 'Mã nhân viên', 'Employee code'],
  type: 'code',
  required: true,
  maxLength: 40,
  width: 16,
};

export const TEMPLATE_COLUMNS: Record<ImportKind, readonly TemplateColumn[]> = {
  officials: [
    EMPLOYEE_CODE,
    { field: 'fullName', header: 'Họ và tên', aliases: ['Họ tên', 'Full name'], type: 'name', required: true, maxLength: 120, width: 28 },
    { field: 'gender', header: 'Giới tính', aliases: ['Gender'], type: 'gender', required: true, width: 10 },
    { field: 'dateOfBirth', header: 'Ngày sinh', aliases: ['Ngày tháng năm sinh', 'Date of birth'], type: 'date', required: true, width: 13 },
    { field: 'unitId', header: 'Đơn vị', aliases: ['Mã đơn vị', 'Unit'], type: 'id', required: false, width: 14 },
    { field: 'email', header: 'Email', aliases: ['Thư điện tử'], type: 'email', required: false, width: 28 },
    { field: 'retirementDate', header: 'Ngày nghỉ hưu', aliases: ['Retirement date'], type: 'date', required: false, width: 15 },
  ],
  assignments: [
    EMPLOYEE_CODE,
    { field: 'positionId', header: 'Mã vị trí', aliases: ['Vị trí', 'Position'], type: 'id', required: true, width: 14 },
    { field: 'startDate', header: 'Từ ngày', aliases: ['Ngày bắt đầu', 'Start date'], type: 'date', required: true, width: 13 },
    { field: 'endDate', header: 'Đến ngày', aliases: ['Ngày kết thúc', 'End date'], type: 'date', required: false, width: 13 },
    { field: 'kind', header: 'Hình thức', aliases: ['Kind'], type: 'assignmentKind', required: true, width: 26 },
    { field: 'decisionNo', header: 'Số quyết định', aliases: ['Quyết định', 'Decision no'], type: 'text', required: false, maxLength: 80, width: 20 },
    { field: 'primary', header: 'Chính', aliases: ['Vị trí chính', 'Primary'], type: 'boolean', required: false, width: 8 },
  ],
  assessments: [
    EMPLOYEE_CODE,
    { field: 'period', header: 'Kỳ', aliases: ['Kỳ đánh giá', 'Period'], type: 'period', required: true, width: 10 },
    { field: 'rating', header: 'Xếp loại', aliases: ['Rating'], type: 'rating', required: false, width: 30 },
    { field: 'score', header: 'Điểm', aliases: ['Score'], type: 'score', required: false, width: 8 },
    { field: 'disciplined', header: 'Kỷ luật', aliases: ['Disciplined'], type: 'boolean', required: false, width: 9 },
    { field: 'assessedOn', header: 'Ngày đánh giá', aliases: ['Assessed on'], type: 'date', required: true, width: 15 },
    { field: 'comments', header: 'Nhận xét', aliases: ['Comments'], type: 'longText', required: false, maxLength: 2000, width: 40 },
  ],
};

/**
 * A header as it is compared: no marks, lower case, letters and digits only, without a `*` or a hint in parentheses.
 * So `Ngày sinh (dd/mm/yyyy)*`, `ngay sinh`, `NGÀY SINH` and `dateOfBirth` / `date_of_birth` all find their column.
 */
export function headerKey(text: string): string {
  return foldName(text.normalize('NFC').replace(/\([^)]*\)/g, ''))
    .replace(/[^a-z0-9]/g, '');
}

/** The column of a kind a header names, if any. */
export function columnFor(kind: ImportKind, header: string): TemplateColumn | undefined {
  const key = headerKey(header);
  if (!key) return undefined;
  return TEMPLATE_COLUMNS[kind].find(
    (c) => headerKey(c.header) === key || headerKey(c.field) === key || c.aliases.some((a) => headerKey(a) === key),
  );
}

const TEMPLATE_HINTS: Record<ImportKind, string> = {
  officials:
    'bắt buộc: Mã công chức, Họ và tên, Giới tính (Nam/Nữ), Ngày sinh; Đơn vị là mã đơn vị (để trống khi bạn chỉ quản lý một đơn vị)',
  assignments:
    `bắt buộc: Mã công chức, Mã vị trí, Từ ngày, Hình thức (${Object.values(ASSIGNMENT_KIND_LABELS_VI).join('; ')}); ` +
    'để trống Đến ngày khi đang giữ vị trí; Chính: Có/Không (trống là Có)',
  assessments:
    'bắt buộc: Mã công chức, Kỳ (YYYY, YYYY-Qn hoặc YYYY-MM), Ngày đánh giá; Xếp loại ' +
    `(${Object.values(RATING_LABELS_VI).join('; ')}) hoặc Điểm 0-100 (từ năm 2026); Kỷ luật: Có/Không`,
};

/** The title line of a template: what it is and how to fill it in. It is skipped on import. */
export function templateTitle(kind: ImportKind): string {
  return (
    `MẪU NHẬP ${IMPORT_KIND_LABELS_VI[kind].toUpperCase()} (${kind}) - giữ nguyên dòng tên cột, mỗi dòng một bản ghi; ` +
    `ngày dd/mm/yyyy hoặc yyyy-mm-dd; ${TEMPLATE_HINTS[kind]}`
  );
}

function sheetName(kind: ImportKind): string {
  return { officials: 'Công chức', assignments: 'Quá trình công tác', assessments: 'Đánh giá' }[kind];
}

function fileSlug(kind: ImportKind): { ascii: string; vi: string } {
  return {
    officials: { ascii: 'cong-chuc', vi: 'Công chức' },
    assignments: { ascii: 'qua-trinh-cong-tac', vi: 'Quá trình công tác' },
    assessments: { ascii: 'danh-gia-xep-loai', vi: 'Đánh giá, xếp loại' },
  }[kind];
}

function columnsOf(kind: ImportKind) {
  return TEMPLATE_COLUMNS[kind].map((c) => ({ header: c.header, width: c.width }));
}

/** The empty template of a kind: the title line with its instructions, and the headers. */
export function templateTable(kind: ImportKind): DocumentTable {
  const slug = fileSlug(kind);
  return {
    title: templateTitle(kind),
    sheetName: sheetName(kind),
    columns: columnsOf(kind),
    rows: [],
    fileName: { ascii: `mau-nhap-${slug.ascii}`, vi: `Mẫu nhập ${slug.vi.toLowerCase()}` },
  };
}

/**
 * Records in the template of their kind, re-importable as they are. `scope` names what was exported (a unit's name,
 * or every unit in the caller's scope) for the title line and the file name; nothing in it depends on the day, so two
 * exports of the same records are the same file.
 */
export function exportTable<K extends ImportKind>(
  kind: K,
  rows: readonly RowOf[K][],
  scope: { unitId?: string; name: string },
): DocumentTable {
  const slug = fileSlug(kind);
  return {
    title: `DANH SÁCH ${IMPORT_KIND_LABELS_VI[kind].toUpperCase()} - ${scope.name} (theo mẫu nhập ${kind}; dòng này được bỏ qua khi nhập)`,
    sheetName: sheetName(kind),
    columns: columnsOf(kind),
    rows: rows.map((row) => templateRow(kind, row)),
    fileName: {
      ascii: [slug.ascii, scope.unitId ?? 'tat-ca'].join('-'),
      vi: [slug.vi, scope.unitId ?? 'tất cả'].join(' - '),
    },
  };
}

/** One record as the template writes it: dates dd/mm/yyyy, Vietnamese labels, empty cells for what is not set. */
export function templateRow<K extends ImportKind>(kind: K, row: RowOf[K]): DocumentCell[] {
  const values = row as unknown as Record<string, unknown>;
  return TEMPLATE_COLUMNS[kind].map((column) => formatCell(column.type, values[column.field]));
}

function formatCell(type: ColumnType, value: unknown): DocumentCell {
  if (value === undefined || value === null) return '';
  switch (type) {
    case 'date':
      return formatDateVi(value as string);
    case 'gender':
      return GENDER_LABELS_VI[value as Gender];
    case 'assignmentKind':
      return ASSIGNMENT_KIND_LABELS_VI[value as AssignmentKind];
    case 'rating':
      return RATING_LABELS_VI[value as Rating];
    case 'boolean':
      return value ? YES_VI : NO_VI;
    case 'score':
      return value as number;
    default:
      return String(value);
  }
}
