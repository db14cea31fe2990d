/**
 * Reading a filled-in template: a sheet of cells, as the CSV or XLSX reader of the HTTP edge gives it, into
 * rows of the API's fields, every row validated before anything is written. Pure: `today` comes in as an argument.
 *
 * - The header row is found by its names (./import-templates.ts): rows above it (a title, instructions) are skipped;
 *   a file of another template is refused as such, naming the template it is.
 * - Text is Unicode NFC (a name typed with combining marks is the same name); blank rows are skipped.
 * - Dates are dd/mm/yyyy (also d/m/yyyy, with `-` or `.`) or yyyy-mm-dd, a spreadsheet's date cell, or an Excel
 *   serial number; years 1900-2199, as everywhere.
 * - Each row is checked with the API's rules (lengths, ids, e-mail, enumerations) and the domain's date rules that
 *   need no stored data (of working age, end after start, not assessed in the future, rating and score agree), so a
 *   dry run points at a mistake before anything is written. Rules that need stored data (the unit, the post, an
 *   overlap) are the use cases' at write time.
 * - A row repeating an earlier row's key (an employee code; an official, post and start date; an official and
 *   period) is reported, and only the first is kept.
 *
 * Messages are Vietnamese, with the English beside them.
 */
import { parsePeriod, periodStart, RATING_LABELS_VI, resolveRating, SCORING_FROM_YEAR } from './assessment';
import { addDays, addMonths, checkIsoDate, formatDateVi, MAX_YEAR, MIN_YEAR } from './dates';
import { RuleViolationError } from './errors';
import {
  ASSIGNMENT_KIND_LABELS_VI,
  columnFor,
  IMPORT_KIND_LABELS_VI,
  IMPORT_KINDS,
  RATING_ABBREVIATIONS,
  TEMPLATE_COLUMNS,
  type ColumnType,
  type ImportKind,
  type RowOf,
  type TemplateColumn,
} from './import-templates';
import { foldName } from './names';
import { checkAssessedOn, checkDateOfBirth, MAX_PLANNED_MONTHS_AHEAD } from './plausibility';
import { ASSIGNMENT_KINDS, RATINGS, type AssignmentKind, type Gender, type IsoDate, type Rating } from './types';

/** A cell as a reader gives it: text, a number, a boolean, a date cell, or nothing. */
export type SheetCell = string | number | boolean | Date | null | undefined;

/** A row of the file with its number as the user sees it (the spreadsheet's row, the CSV's line). */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** One problem with one row: its number, the column as the file names it, and why (Vietnamese, English beside). */
export interface ImportError {
  row: number;
  column: string;
  field?: string;
  message: string;
  /**
   * Stable, for a program: CELL_REQUIRED, CELL_INVALID, DUPLICATE_ROW, a rule's code, or the API's for a refused write
   * (optional only because imports recorded before cell errors had codes are still read back).
   */
  code?: string;
}

/** Why a whole file cannot be read as a template of its kind. */
export interface ImportFileProblem {
  code: 'IMPORT_NO_HEADER' | 'IMPORT_WRONG_KIND' | 'IMPORT_COLUMNS_MISSING';
  message: string;
  /** The row the problem was found in (the header row), if any. */
  row?: number;
}

export interface ParsedRow<K extends ImportKind> {
  row: number;
  values: RowOf[K];
}

export interface ParsedSheet<K extends ImportKind> {
  kind: K;
  headerRow: number;
  /** The header each column of the template has in this file (the template's own for a column it lacks). */
  headers: Record<string, string>;
  /** Columns of the file that are not in the template: ignored. */
  ignoredColumns: string[];
  /** Rows with anything in them, below the header. */
  rows: number;
  /** The rows that passed, in file order, each key once. */
  valid: ParsedRow<K>[];
  errors: ImportError[];
}

export type SheetParse<K extends ImportKind> = { ok: true; sheet: ParsedSheet<K> } | { ok: false; problem: ImportFileProblem };

/** How many rows with content may stand above the header row (a title, a few lines of instructions). */
const HEADER_SEARCH_ROWS = 20;

/** The same pattern as the API's client-chosen ids (auth-contract's ID_PATTERN); the domain imports only itself. */
export const IMPORT_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** zod's e-mail pattern, which the API checks with. */
const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/**
 * Reads a sheet as a template of `kind`. A file whose header row cannot be found (or that is another template) is a
 * problem of the whole file; otherwise every row below the header is validated.
 */
export function parseImportSheet<K extends ImportKind>(kind: K, sheet: readonly SheetRow[], today: IsoDate): SheetParse<K> {
  const content = sheet.filter((r) => r.cells.some((c) => !isBlank(c)));
  const header = findHeader(kind, content);
  if (!header.ok) return header;
  const { row: headerRow, columns, ignored } = header;
  const headerOf = (field: string) =>
    columns.find((c) => c.column.field === field)?.header ??
    TEMPLATE_COLUMNS[kind].find((c) => c.field === field)!.header;

  const errors: ImportError[] = [];
  const valid: ParsedRow<K>[] = [];
  const seen = new Map<string, { row: number; json: string }>();
  let rows = 0;
  for (const line of content) {
    if (line.row <= headerRow) continue;
    if (columns.every((c) => isBlank(line.cells[c.index]))) continue;
    rows++;
    const values: Record<string, unknown> = {};
    const rowErrors: ImportError[] = [];
    for (const column of TEMPLATE_COLUMNS[kind]) {
      const at = columns.find((c) => c.column.field === column.field);
      const cell = at === undefined ? undefined : line.cells[at.index];
      const read = readCell(column, cell);
      if ('error' in read)
        rowErrors.push({
          row: line.row,
          column: headerOf(column.field),
          field: column.field,
          message: read.error,
          // A blank required cell, or a value of the wrong form (the message says which form).
          code: isBlank(cell) ? 'CELL_REQUIRED' : 'CELL_INVALID',
        });
      else if (read.value !== undefined) values[column.field] = read.value;
    }
    if (rowErrors.length === 0) {
      for (const problem of ruleProblems(kind, values, today))
        rowErrors.push({ row: line.row, column: headerOf(problem.field), ...problem });
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const key = rowKey(kind, values);
    const json = JSON.stringify(values);
    const first = seen.get(key);
    if (first) {
      errors.push({
        row: line.row,
        column: headerOf('employeeCode'),
        field: 'employeeCode',
        code: 'DUPLICATE_ROW',
        message: first.json === json ? `Trùng với dòng ${first.row} (duplicate of row ${first.row})` : duplicateKeyMessage(kind, values, first.row),
      });
      continue;
    }
    seen.set(key, { row: line.row, json });
    valid.push({ row: line.row, values: values as unknown as RowOf[K] });
  }
  const headers = Object.fromEntries(TEMPLATE_COLUMNS[kind].map((c) => [c.field, headerOf(c.field)]));
  return { ok: true, sheet: { kind, headerRow, headers, ignoredColumns: ignored, rows, valid, errors } };
}

/**
 * How many rows with content stand below the header row of a template of `kind` (all rows with content when there is
 * none): what a size limit counts, before any row is read.
 */
export function dataRowCount(kind: ImportKind, sheet: readonly SheetRow[]): number {
  const content = sheet.filter((r) => r.cells.some((c) => !isBlank(c)));
  const header = findHeader(kind, content);
  return header.ok ? content.filter((r) => r.row > header.row).length : content.length;
}

/** A sheet of a file: a workbook has several, a CSV one. */
export interface FileSheet {
  name?: string;
  rows: SheetRow[];
}

/**
 * Reads a file as a template of `kind`: its first sheet that is one (a workbook may have a sheet of notes before it).
 * When none is, the problem says why: another template rather than no header at all.
 */
export function parseImportFile<K extends ImportKind>(
  kind: K,
  sheets: readonly FileSheet[],
  today: IsoDate,
): { ok: true; sheet: ParsedSheet<K>; name?: string } | { ok: false; problem: ImportFileProblem } {
  const problems: ImportFileProblem[] = [];
  for (const { name, rows } of sheets) {
    const parsed = parseImportSheet(kind, rows, today);
    if (parsed.ok) return { ok: true, sheet: parsed.sheet, name: sheets.length > 1 ? name : undefined };
    problems.push(parsed.problem);
  }
  return {
    ok: false,
    problem: problems.find((p) => p.code !== 'IMPORT_NO_HEADER') ??
      problems[0] ?? { code: 'IMPORT_NO_HEADER', message: 'Tệp rỗng (the file is empty)' },
  };
}

// ---- the header row

interface HeaderMatch {
  row: number;
  columns: { column: TemplateColumn; index: number; header: string }[];
  ignored: string[];
}

function matchHeader(kind: ImportKind, line: SheetRow): HeaderMatch {
  const columns: HeaderMatch['columns'] = [];
  const ignored: string[] = [];
  line.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const header = String(cell).normalize('NFC').trim();
    const column = columnFor(kind, header);
    // A column named twice: the first one counts, the other is ignored.
    if (column && !columns.some((c) => c.column === column)) columns.push({ column, index, header });
    else ignored.push(header);
  });
  return { row: line.row, columns, ignored };
}

function hasRequired(kind: ImportKind, match: HeaderMatch): boolean {
  return TEMPLATE_COLUMNS[kind].filter((c) => c.required).every((c) => match.columns.some((m) => m.column === c));
}

function findHeader<K extends ImportKind>(
  kind: K,
  content: readonly SheetRow[],
): ({ ok: true } & HeaderMatch) | { ok: false; problem: ImportFileProblem } {
  const candidates = content.slice(0, HEADER_SEARCH_ROWS);
  let best: HeaderMatch | undefined;
  for (const line of candidates) {
    const match = matchHeader(kind, line);
    if (hasRequired(kind, match)) return { ok: true, ...match };
    if (!best || match.columns.length > best.columns.length) best = match;
  }
  const label = `${IMPORT_KIND_LABELS_VI[kind]} (${kind})`;
  for (const other of IMPORT_KINDS) {
    if (other === kind) continue;
    const line = candidates.find((l) => hasRequired(other, matchHeader(other, l)));
    if (line)
      return {
        ok: false,
        problem: {
          code: 'IMPORT_WRONG_KIND',
          row: line.row,
          message:
            `Tệp này theo mẫu ${IMPORT_KIND_LABELS_VI[other]} (${other}), không phải mẫu ${label}: hãy nhập vào loại ${other} ` +
            `(this is a file of ${other}, not ${kind})`,
        },
      };
  }
  // Most of the template's names, some required ones missing: say which.
  if (best && best.columns.length >= 2) {
    const missing = TEMPLATE_COLUMNS[kind].filter((c) => c.required && !best!.columns.some((m) => m.column === c));
    return {
      ok: false,
      problem: {
        code: 'IMPORT_COLUMNS_MISSING',
        row: best.row,
        message:
          `Dòng tên cột (dòng ${best.row}) thiếu cột bắt buộc của mẫu ${label}: ${missing.map((c) => c.header).join(', ')} ` +
          `(missing required columns: ${missing.map((c) => c.field).join(', ')})`,
      },
    };
  }
  return {
    ok: false,
    problem: {
      code: 'IMPORT_NO_HEADER',
      message:
        `Không tìm thấy dòng tên cột của mẫu ${label} trong ${HEADER_SEARCH_ROWS} dòng đầu: hãy dùng mẫu tải về từ ` +
        `/v1/imports/templates/${kind} (no header row of the ${kind} template found)`,
    },
  };
}

// ---- cells

type Read<T> = { value: T | undefined } | { error: string };

const REQUIRED = 'Thiếu giá trị bắt buộc (required)';

function isBlank(cell: SheetCell): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as text: NFC, trimmed; a number as written; a date cell as yyyy-mm-dd. */
function cellText(cell: SheetCell): string | undefined {
  if (isBlank(cell)) return undefined;
  if (cell instanceof Date) return dateCellToIso(cell) ?? undefined;
  return String(cell).normalize('NFC').trim();
}

/** Shown in a message: at most 40 characters of what the cell held. */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readCell(column: TemplateColumn, cell: SheetCell): Read<unknown> {
  if (isBlank(cell)) {
    if (column.required) return { error: REQUIRED };
    // An empty "Chính" is a primary assignment, as the API's default.
    return { value: column.field === 'primary' ? true : undefined };
  }
  return readers[column.type](cell, column);
}

const readers: Record<ColumnType, (cell: SheetCell, column: TemplateColumn) => Read<unknown>> = {
  code: (cell, column) => {
    const text = cellText(cell)!;
    if (text.includes('#')) return { error: 'Không được chứa dấu # (must not contain #)' };
    return withinLength(text, column);
  },
  id: (cell) => {
    const text = cellText(cell)!;
    return IMPORT_ID_PATTERN.test(text)
      ? { value: text }
      : { error: `Mã '${shown(text)}' không hợp lệ: dùng 1-64 chữ cái, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (1-64 letters, digits, . _ -)` };
  },
  name: (cell, column) => withinLength(cellText(cell)!.replace(/\s+/g, ' '), column),
  text: (cell, column) => withinLength(cellText(cell)!.replace(/\s+/g, ' '), column),
  longText: (cell, column) => withinLength(cellText(cell)!.replace(/\r\n?/g, '\n'), column),
  date: (cell) => readDate(cell),
  gender: (cell) => {
    const value = GENDER_WORDS.get(wordKey(cellText(cell)!));
    return value ? { value } : { error: `Giới tính '${shown(cellText(cell)!)}' không hợp lệ: ghi Nam hoặc Nữ (expected Nam/Nữ or male/female)` };
  },
  email: (cell) => {
    const text = cellText(cell)!;
    return EMAIL_PATTERN.test(text) ? { value: text } : { error: `Email '${shown(text)}' không hợp lệ (invalid e-mail address)` };
  },
  assignmentKind: (cell) => {
    const value = ASSIGNMENT_KIND_WORDS.get(wordKey(cellText(cell)!));
    return value
      ? { value }
      : {
          error:
            `Hình thức '${shown(cellText(cell)!)}' không hợp lệ: ghi ${Object.values(ASSIGNMENT_KIND_LABELS_VI).join(', ')} ` +
            `(expected one of ${ASSIGNMENT_KINDS.join(', ')})`,
        };
  },
  boolean: (cell) => {
    if (typeof cell === 'boolean') return { value: cell };
    const value = BOOLEAN_WORDS.get(wordKey(cellText(cell)!));
    return value === undefined ? { error: `'${shown(cellText(cell)!)}' không hợp lệ: ghi Có hoặc Không (expected yes or no)` } : { value };
  },
  period: (cell) => readPeriod(cell),
  rating: (cell) => {
    const value = RATING_WORDS.get(wordKey(cellText(cell)!));
    return value
      ? { value }
      : {
          error:
            `Xếp loại '${shown(cellText(cell)!)}' không hợp lệ: ghi ${Object.values(RATING_LABELS_VI).join(', ')} hoặc ` +
            `${Object.values(RATING_ABBREVIATIONS).join(', ')} (expected one of ${RATINGS.join(', ')})`,
        };
  },
  score: (cell) => {
    const text = typeof cell === 'number' ? String(cell) : cellText(cell)!.replace(',', '.');
    if (!/^-?\d+(\.\d+)?$/.test(text)) return { error: `Điểm '${shown(cellText(cell)!)}' không phải là số (not a number)` };
    const value = Number(text);
    return value >= 0 && value <= 100 ? { value } : { error: `Điểm ${text} phải từ 0 đến 100 (score must be 0-100)` };
  },
};

function withinLength(text: string, column: TemplateColumn): Read<string> {
  if (text === '') return column.required ? { error: REQUIRED } : { value: undefined };
  if (column.maxLength !== undefined && text.length > column.maxLength)
    return { error: `Dài quá ${column.maxLength} ký tự (at most ${column.maxLength} characters)` };
  return { value: text };
}

/** A word as values are compared: no marks, lower case, single spaces. */
function wordKey(text: string): string {
  return foldName(text).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
}

function wordsOf<T>(pairs: [T, readonly string[]][]): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of pairs) for (const word of words) map.set(wordKey(word), value);
  return map;
}

const GENDER_WORDS = wordsOf<Gender>([
  ['male', ['Nam', 'male', 'M']],
  ['female', ['Nữ', 'female', 'F']],
]);

const ASSIGNMENT_KIND_WORDS = wordsOf<AssignmentKind>(
  ASSIGNMENT_KINDS.map((kind) => [kind, [kind, ASSIGNMENT_KIND_LABELS_VI[kind]]]),
);

const RATING_WORDS = wordsOf<Rating>(RATINGS.map((r) => [r, [r, RATING_LABELS_VI[r], RATING_ABBREVIATIONS[r]]]));

const BOOLEAN_WORDS = wordsOf<boolean>([
  [true, ['Có', 'C', 'x', 'yes', 'y', 'true', '1']],
  [false, ['Không', 'K', 'no', 'n', 'false', '0']],
]);

// ---- dates

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system, for serials from 61 (1 March 1900) on: Excel counts a 29 February 1900. */
const EXCEL_EPOCH = '1899-12-30';

/**
 * A date cell of a spreadsheet: the calendar day it shows. Readers give the day at midnight UTC; a second's
 * rounding either way still names the same day.
 */
function dateCellToIso(cell: Date): IsoDate | undefined {
  const ms = cell.getTime();
  if (!Number.isFinite(ms)) return undefined;
  const day = Math.floor((ms + 1000) / MS_PER_DAY);
  const iso = addDays('1970-01-01', day);
  return checkIsoDate(iso) === 'ok' ? iso : undefined;
}

/** An Excel serial day number (1900 system). */
function serialToIso(serial: number): IsoDate | undefined {
  const day = Math.floor(serial);
  if (day < 61 || day > 2_958_465) return undefined;
  return addDays(EXCEL_EPOCH, day);
}

const TIME_SUFFIX = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME_SUFFIX}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME_SUFFIX}$`);

const DATE_FORMS = 'Cần ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd (expected a date dd/mm/yyyy or yyyy-mm-dd)';

/** Reads a date cell; the message says which is wrong: the form, a day that does not exist, or the year. */
export function readDate(cell: SheetCell): Read<IsoDate> {
  if (cell instanceof Date) {
    const iso = dateCellToIso(cell);
    return iso ? { value: iso } : { error: `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR} (year out of range)` };
  }
  if (typeof cell === 'number') {
    // A bare number: Excel's serial of a date cell that lost its format. A small one is a year, not a date.
    const iso = cell > MAX_YEAR ? serialToIso(cell) : undefined;
    return iso && checkIsoDate(iso) === 'ok' ? { value: iso } : { error: DATE_FORMS };
  }
  const text = cellText(cell)!;
  let m = YMD.exec(text);
  let parts: [string, string, string] | undefined;
  if (m) parts = [m[1], m[2], m[3]];
  else if ((m = DMY.exec(text))) parts = [m[3], m[2], m[1]];
  if (!parts) return { error: `${DATE_FORMS}: '${shown(text)}'` };
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  switch (checkIsoDate(iso)) {
    case 'ok':
      return { value: iso };
    case 'out-of-range':
      return { error: `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR} (year out of range): '${shown(text)}'` };
    default:
      return { error: `Ngày ${shown(text)} không tồn tại (no such date)` };
  }
}

// ---- periods

const PERIOD_HELP = 'ghi YYYY, YYYY-Qn hoặc YYYY-MM (expected YYYY, YYYY-Qn or YYYY-MM)';

/** A period as written by people: `2025`, `2026-Q1`, `2026-03`, `Q1/2026`, `Quý 1/2026`, `03/2026`, `Tháng 3/2026`. */
function readPeriod(cell: SheetCell): Read<string> {
  let text: string | undefined;
  if (cell instanceof Date || (typeof cell === 'number' && cell > MAX_YEAR)) {
    // A month typed as 2026-03 that the spreadsheet turned into the date 01/03/2026.
    const iso = cell instanceof Date ? dateCellToIso(cell) : serialToIso(cell);
    if (iso && iso.endsWith('-01')) text = iso.slice(0, 7);
  } else {
    text = canonicalPeriod(cellText(cell)!);
  }
  if (text !== undefined && parsePeriod(text)) return { value: text };
  return { error: `Kỳ '${shown(cellText(cell) ?? String(cell))}' không hợp lệ: ${PERIOD_HELP}` };
}

function canonicalPeriod(text: string): string | undefined {
  const t = foldName(text);
  let m: RegExpExecArray | null;
  if ((m = /^(?:nam )?(\d{4})$/.exec(t))) return m[1];
  if ((m = /^(\d{4}) ?- ?q ?([1-4])$/.exec(t))) return `${m[1]}-Q${m[2]}`;
  if ((m = /^(\d{4}) ?- ?(\d{1,2})$/.exec(t))) return `${m[1]}-${m[2].padStart(2, '0')}`;
  if ((m = /^(?:q|quy) ?([1-4]) ?(?:[/.-]|nam)? ?(\d{4})$/.exec(t))) return `${m[2]}-Q${m[1]}`;
  if ((m = /^(?:thang )?(\d{1,2}) ?(?:[/.-]|nam) ?(\d{4})$/.exec(t))) return `${m[2]}-${m[1].padStart(2, '0')}`;
  return undefined;
}

// ---- rules across a row's cells

interface RuleProblem {
  field: string;
  message: string;
  code?: string;
}

function ruleProblems(kind: ImportKind, values: Record<string, unknown>, today: IsoDate): RuleProblem[] {
  switch (kind) {
    case 'officials':
      return officialProblems(values as unknown as RowOf['officials'], today);
    case 'assignments':
      return assignmentProblems(values as unknown as RowOf['assignments'], today);
    case 'assessments':
      return assessmentProblems(values as unknown as RowOf['assessments'], today);
  }
}

/** A domain rule's refusal as a row's problem, on the field it names. */
function refusal(error: unknown, fallbackField: string): RuleProblem {
  if (!(error instanceof RuleViolationError)) throw error;
  return { field: error.errors[0]?.path ?? fallbackField, message: error.message, code: error.code };
}

function officialProblems(row: RowOf['officials'], today: IsoDate): RuleProblem[] {
  if (row.retirementDate !== undefined && row.retirementDate <= row.dateOfBirth)
    return [
      {
        field: 'retirementDate',
        code: 'RETIREMENT_BEFORE_BIRTH',
        message: 'Ngày nghỉ hưu phải sau ngày sinh (retirement date must be after the date of birth)',
      },
    ];
  try {
    checkDateOfBirth(row.dateOfBirth, today);
  } catch (error) {
    return [refusal(error, 'dateOfBirth')];
  }
  return [];
}

function assignmentProblems(row: RowOf['assignments'], today: IsoDate): RuleProblem[] {
  if (row.endDate !== undefined && row.endDate < row.startDate)
    return [
      {
        field: 'endDate',
        code: 'END_BEFORE_START',
        message: `Đến ngày ${formatDateVi(row.endDate)} trước Từ ngày ${formatDateVi(row.startDate)} (endDate before startDate)`,
      },
    ];
  const latest = addMonths(today, MAX_PLANNED_MONTHS_AHEAD);
  if (row.startDate > latest)
    return [
      {
        field: 'startDate',
        code: 'ASSIGNMENT_TOO_FAR_AHEAD',
        message:
          `Từ ngày ${formatDateVi(row.startDate)} quá xa: chỉ ghi quá trình dự kiến trong vòng ${MAX_PLANNED_MONTHS_AHEAD} tháng ` +
          `tới, đến ${formatDateVi(latest)} (more than ${MAX_PLANNED_MONTHS_AHEAD} months ahead)`,
      },
    ];
  return [];
}

function assessmentProblems(row: RowOf['assessments'], today: IsoDate): RuleProblem[] {
  const period = parsePeriod(row.period)!;
  const start = periodStart(period);
  if (row.assessedOn < start)
    return [
      {
        field: 'assessedOn',
        code: 'ASSESSED_BEFORE_PERIOD',
        message: `Ngày đánh giá ${formatDateVi(row.assessedOn)} trước khi kỳ ${row.period} bắt đầu (${formatDateVi(start)}) / assessed before the period began`,
      },
    ];
  try {
    checkAssessedOn(row.assessedOn, today);
  } catch (error) {
    return [refusal(error, 'assessedOn')];
  }
  // A year from 2026 with neither rating nor score takes the average of its months or quarters, which are stored
  // (or come earlier in the file): known only when it is written.
  const derivable = period.kind === 'year' && period.year >= SCORING_FROM_YEAR && row.rating === undefined && row.score === undefined;
  if (derivable && !row.disciplined) return [];
  try {
    resolveRating({ period: row.period, rating: row.rating, score: row.score, disciplined: row.disciplined });
  } catch (error) {
    return [refusal(error, 'rating')];
  }
  return [];
}

// ---- duplicates

/** What one row stands for: a second row with the same key is a duplicate. */
function rowKey(kind: ImportKind, values: Record<string, unknown>): string {
  switch (kind) {
    case 'officials':
      return String(values.employeeCode);
    case 'assignments':
      return [values.employeeCode, values.positionId, values.startDate].join('\u0000');
    case 'assessments':
      return [values.employeeCode, values.period].join('\u0000');
  }
}

function duplicateKeyMessage(kind: ImportKind, values: Record<string, unknown>, first: number): string {
  switch (kind) {
    case 'officials':
      return `Mã công chức ${values.employeeCode} đã có ở dòng ${first} (employee code already in row ${first})`;
    case 'assignments':
      return (
        `Dòng ${first} đã ghi quá trình của ${values.employeeCode} ở vị trí ${values.positionId} từ ` +
        `${formatDateVi(values.startDate as string)} (same official, position and start date as row ${first})`
      );
    case 'assessments':
      return `Dòng ${first} đã ghi kỳ ${values.period} của ${values.employeeCode} (same official and period as row ${first})`;
  }
}

// ---- ids

/**
 * The id a row's record is created with, derived from what identifies it: the same row imported again (by this file,
 * a re-run, or a concurrent import of the same file) names the same record, so it is never created twice.
 * 64-bit FNV-1a of the parts, in base 36.
 */
export function importedId(prefix: 'off' | 'asg', parts: readonly string[]): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(parts.join('\u0000'))) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `${prefix}-${hash.toString(36).padStart(13, '0')}`;
}

/** The id of the official an import creates for an employee code. */
export function importedOfficialId(employeeCode: string): string {
  return importedId('off', [employeeCode]);
}

/** The id of the assignment an import creates for an official's post from a start date. */
export function importedAssignmentId(row: Pick<RowOf['assignments'], 'employeeCode' | 'positionId' | 'startDate'>): string {
  return importedId('asg', [row.employeeCode, row.positionId, row.startDate]);
}
