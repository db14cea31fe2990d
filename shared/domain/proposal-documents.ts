/**
 * The documents for signature: a proposal's list of who moves where, and the list of candidates
 * who could not be placed, to send to the People's Committee through the Department of Home Affairs.
 *
 * Pure: a table (title line, Vietnamese headers, one row per person, dates dd/mm/yyyy) and the names to save it
 * under. Writing it as CSV or XLSX is the HTTP edge's presentation (shared/http/documents/).
 */
import { compareDates, diffYearsMonthsDays, formatDateVi } from './dates';
import { ACTION_LABELS_VI, type Decision, type Proposal, type ProposalHeader, type ProposalItem, type UnarrangedEntry } from './proposal';
import { formatYearsMonthsVi } from './tenure';
import type { IsoDate, Reason } from './types';

/** A cell: text, or a number (the row's STT). */
export type DocumentCell = string | number;

export interface DocumentColumn {
  header: string;
  /** Width in characters, for a spreadsheet. */
  width: number;
}

export interface DocumentTable {
  /** The line above the headers: what the list is, the agency, the date. */
  title: string;
  /** A spreadsheet's one sheet (at most 31 characters, none of : \ / ? * [ ]). */
  sheetName: string;
  columns: DocumentColumn[];
  rows: DocumentCell[][];
  /** The name to save it under, without the extension: ASCII for `filename=`, Vietnamese for `filename*=`. */
  fileName: { ascii: string; vi: string };
}

export const PROPOSAL_DOCUMENT_HEADERS = [
  'STT',
  'Họ và tên',
  'Chức vụ / vị trí hiện tại',
  'Đơn vị',
  'Thời gian giữ vị trí',
  'Lý do',
  'Hình thức',
  'Vị trí dự kiến',
  'Ghi chú',
] as const;

export const UNARRANGED_DOCUMENT_HEADERS = [
  'STT',
  'Họ và tên',
  'Chức vụ / vị trí hiện tại',
  'Đơn vị',
  'Thời gian giữ vị trí',
  'Lý do',
  'Lý do chưa bố trí được',
] as const;

const PROPOSAL_WIDTHS = [6, 24, 28, 26, 20, 48, 20, 34, 30];
const UNARRANGED_WIDTHS = [6, 24, 28, 26, 20, 48, 48];

export const DECISION_LABELS_VI: Record<Decision, string> = {
  pending: 'Chờ quyết định',
  approved: 'Đã duyệt',
  rejected: 'Không duyệt',
};

/**
 * The proposal as a list for signature. The document is dated by the proposal's `asOf` (the day its candidates were
 * read), so the same proposal always gives the same list: time in post runs from the item's chain start to that day.
 */
export function proposalDocument(proposal: Proposal): DocumentTable {
  return {
    title:
      `ĐỀ XUẤT CHUYỂN ĐỔI VỊ TRÍ CÔNG TÁC, ĐIỀU ĐỘNG, LUÂN CHUYỂN - ${proposal.scopeUnitName} - ` +
      `ngày ${formatDateVi(proposal.asOf)} - hiệu lực từ ngày ${formatDateVi(proposal.effectiveDate)}`,
    sheetName: 'Đề xuất luân chuyển',
    columns: columns(PROPOSAL_DOCUMENT_HEADERS, PROPOSAL_WIDTHS),
    rows: proposal.items.map((item, index) => [
      index + 1,
      item.fullName,
      item.fromPositionTitle,
      item.fromUnitName,
      timeHeldVi(item.chainStart, proposal.asOf),
      reasonsVi(item.reasons),
      ACTION_LABELS_VI[item.action],
      targetVi(item),
      noteVi(item),
    ]),
    fileName: fileNames('de-xuat-luan-chuyen', 'Đề xuất luân chuyển', proposal),
  };
}

/** The candidates of a proposal that could not be placed, with why: the report to the People's Committee. */
export function unarrangedDocument(proposal: Pick<ProposalHeader, 'scopeUnitName' | 'asOf'> & { unarranged: UnarrangedEntry[] }): DocumentTable {
  return {
    title: `DANH SÁCH CÔNG CHỨC CHƯA BỐ TRÍ ĐƯỢC VỊ TRÍ CÔNG TÁC - ${proposal.scopeUnitName} - ngày ${formatDateVi(proposal.asOf)}`,
    sheetName: 'Chưa bố trí được',
    columns: columns(UNARRANGED_DOCUMENT_HEADERS, UNARRANGED_WIDTHS),
    rows: proposal.unarranged.map((entry, index) => [
      index + 1,
      entry.fullName,
      entry.positionTitle,
      entry.unitName,
      timeHeldVi(entry.chainStart, proposal.asOf),
      reasonsVi(entry.reasons),
      entry.whyLabel,
    ]),
    fileName: fileNames('danh-sach-chua-bo-tri', 'Danh sách chưa bố trí được', proposal),
  };
}

/** "10 năm 4 tháng (từ 01/01/2017)": completed years and months in the duty, from its start to `asOf`. */
export function timeHeldVi(chainStart: IsoDate, asOf: IsoDate): string {
  const held = compareDates(chainStart, asOf) <= 0 ? diffYearsMonthsDays(chainStart, asOf) : { years: 0, months: 0 };
  return `${formatYearsMonthsVi(held.years, held.months)} (từ ${formatDateVi(chainStart)})`;
}

function reasonsVi(reasons: Reason[]): string {
  return reasons.map((r) => r.detail).join('\n');
}

function targetVi(item: ProposalItem): string {
  if (!item.targetPositionId) return 'Chưa có vị trí dự kiến';
  return [item.targetPositionTitle ?? item.targetPositionId, item.targetUnitName].filter(Boolean).join(' - ');
}

function noteVi(item: ProposalItem): string {
  const parts = [DECISION_LABELS_VI[item.decision]];
  if (item.applied) parts.push('đã thực hiện');
  else if (item.failure) parts.push(`chưa thực hiện được: ${item.failure.reason}`);
  if (item.plannedEnd) parts.push(`luân chuyển đến ${formatDateVi(item.plannedEnd)}`);
  const head = parts.join(', ');
  return item.note ? `${head}: ${item.note}` : head;
}

function columns(headers: readonly string[], widths: number[]): DocumentColumn[] {
  return headers.map((header, i) => ({ header, width: widths[i] }));
}

/** The longest unit name kept in a file name, so a long agency name does not make an unwieldy one. */
const MAX_NAME_PART = 60;

function fileNames(asciiPrefix: string, viPrefix: string, proposal: Pick<ProposalHeader, 'scopeUnitName' | 'asOf'>) {
  const slug = asciiSlug(proposal.scopeUnitName).slice(0, MAX_NAME_PART).replace(/-+$/, '');
  const vi = safeFileNamePart(proposal.scopeUnitName).slice(0, MAX_NAME_PART).trim();
  return {
    ascii: [asciiPrefix, slug, proposal.asOf].filter(Boolean).join('-'),
    vi: [viPrefix, vi, proposal.asOf].filter(Boolean).join(' - '),
  };
}

/** "Sở Tài chính" -> "so-tai-chinh": letters without their marks, đ as d, anything else a hyphen. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A name as it may stand in a file name on any system: no path separators, reserved or control characters. */
function safeFileNamePart(text: string): string {
  return text
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
