/**
 * The alert mails, in Vietnamese, as HTML and plain text of the same content: the HR mail of the officials whose due
 * date crossed a threshold, and the leadership's monthly digest. Every value taken from the records is escaped in the
 * HTML (a name or a title is data, never markup). Pure: the lines come in read as of the run's date.
 *
 * Given the console's address (config CONSOLE_URL), a mail links to the pages that act on it: HR to the flags list of
 * each unit as of the run's date and to the draft form; the leadership to the proposals awaiting their decision, each
 * proposal, the overdue list and the dashboard. Without it a mail carries no link rather than a broken one.
 * The "Việc cần làm" steps follow: with the console's address they send the reader to its pages (HR keeps one short
 * line with the API call, for an office whose own software drafts through it; leaders get no API call); without it
 * they name the API calls, the only way left.
 */
import type { AlertLine } from './alerts';
import { daysBetween, diffYearsMonthsDays, formatDateVi } from './dates';
import { formatYearsMonthsVi } from './tenure';
import type { IsoDate } from './types';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A proposal waiting for the leadership's decision, as the digest lists it. */
export interface DigestProposal {
  id: string;
  title: string;
  scopeUnitName: string;
  effectiveDate: IsoDate;
  itemCount: number;
  pending: number;
  submittedAt?: string;
}

const SUBJECT_PREFIX = '[Luân chuyển]';

export const THRESHOLD_LABELS_VI: Record<number, string> = {
  90: 'Mốc 90 ngày trước hạn',
  30: 'Mốc 30 ngày trước hạn',
  7: 'Mốc 7 ngày trước hạn',
  0: 'Đã đến hạn',
};

/** The mail to one set of HR addresses: every line of the units that share them, most urgent first. */
export function thresholdMail(input: { lines: AlertLine[]; asOf: IsoDate; consoleUrl?: string }): RenderedMail {
  const lines = [...input.lines].sort(byUrgency);
  const units = unique(lines.map((l) => l.unitName));
  const overdue = lines.filter((l) => l.threshold === 0).length;
  const subject =
    `${SUBJECT_PREFIX} ${lines.length} công chức ${overdue === lines.length ? 'đã đến' : overdue ? 'đã đến hoặc sắp đến' : 'sắp đến'} hạn chuyển đổi vị trí công tác` +
    ` - ${unitList(units)} (ngày ${formatDateVi(input.asOf)})`;
  const agencies = unique(lines.map((l) => l.agencyId));
  const intro =
    `Theo dữ liệu ngày ${formatDateVi(input.asOf)}, ${lines.length} công chức dưới đây vừa đến một mốc cảnh báo về thời hạn ` +
    'giữ một vị trí công tác (Chỉ thị 10/CT-UBND; với vị trí phải chuyển đổi định kỳ: Nghị định 59/2019/NĐ-CP). ' +
    'Mỗi mốc (90, 30, 7 ngày trước hạn và ngày đến hạn) chỉ được báo một lần.';
  // With the console's address HR is sent to its pages (the links above the steps); the API calls stay as one short
  // line for an office whose own software drafts through the API. Without it the API is the only way, so it is spelt out.
  const apiDraft = `POST /v1/proposals với {"scopeUnitId": "${agencies.join('" hoặc "')}", "effectiveDate": "YYYY-MM-DD"}`;
  const exemptStep =
    'Người có hoàn cảnh miễn, hoãn (Nghị định 59/2019/NĐ-CP, Điều 38) không đưa vào đề xuất; nếu hoàn cảnh đã thay đổi, hãy cập nhật hồ sơ.';
  const steps = input.consoleUrl
    ? [
        'Lập đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển cho những người không thuộc diện miễn, hoãn: ' +
          `mở trang «Lập đề xuất trên bảng điều khiển» ở mục «Mở trên bảng điều khiển», chọn cơ quan (mã ${agencies.join(' hoặc ')}) ` +
          'và ngày hiệu lực, rồi trình lãnh đạo quyết định ngay trên trang đề xuất.',
        exemptStep,
        'Danh sách đầy đủ của từng đơn vị: các trang «Danh sách cảnh báo» ở mục «Mở trên bảng điều khiển».',
        `Nếu cơ quan lập đề xuất bằng phần mềm kết nối qua API: ${apiDraft} (vai trò hr).`,
      ]
    : [
        `Lập đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển cho những người không thuộc diện miễn, hoãn: ` +
          `${apiDraft} (vai trò hr), rồi trình lãnh đạo quyết định.`,
        exemptStep,
        `Danh sách đầy đủ: GET /v1/tenure/flags?asOf=${input.asOf}.`,
      ];
  const headers = [...LINE_HEADERS, 'Mốc cảnh báo', 'Lý do, miễn và hoãn'];
  const rows = lines.map((l, i) => [
    ...lineCells(l, i),
    THRESHOLD_LABELS_VI[l.threshold] ?? `Mốc ${l.threshold} ngày`,
    notesVi(l),
  ]);
  const unitLinks = new Map(lines.map((l) => [l.unitId, l.unitName]));
  const links: Link[] = input.consoleUrl
    ? [
        ...[...unitLinks].map(([unitId, unitName]) => ({
          label: `Danh sách cảnh báo của ${unitName}, tính đến ${formatDateVi(input.asOf)}`,
          url: consoleLink(input.consoleUrl!, '/flags', { unitId, asOf: input.asOf }),
        })),
        { label: 'Lập đề xuất trên bảng điều khiển', url: consoleLink(input.consoleUrl, '/proposals/new') },
      ]
    : [];
  return {
    subject,
    html: htmlMail(subject, [
      paragraph(`Kính gửi bộ phận tổ chức cán bộ ${unitList(units)},`),
      paragraph(intro),
      table(headers, rows),
      ...linkSection(links),
      heading('Việc cần làm'),
      list(steps),
      footer(),
    ]),
    text: [
      `Kính gửi bộ phận tổ chức cán bộ ${unitList(units)},`,
      '',
      intro,
      '',
      ...lines.flatMap((l, i) => [
        `${i + 1}. ${l.fullName} (${l.officialId})`,
        `   Vị trí: ${l.positionTitle}`,
        `   Đơn vị: ${l.unitName}`,
        `   Bắt đầu giữ vị trí: ${formatDateVi(l.chainStart)}`,
        `   Đến hạn: ${formatDateVi(l.dueDate)} (${daysLeftVi(l.asOf, l.dueDate)})`,
        `   Thời gian giữ vị trí: ${timeHeldVi(l.chainStart, l.asOf)}`,
        `   Mốc cảnh báo: ${THRESHOLD_LABELS_VI[l.threshold] ?? `Mốc ${l.threshold} ngày`}`,
        `   Lý do, miễn và hoãn: ${notesVi(l)}`,
        '',
      ]),
      ...linkLines(links),
      'Việc cần làm:',
      ...steps.map((s) => `- ${s}`),
      '',
      FOOTER,
    ].join('\n'),
  };
}

/** The leadership's monthly digest of one agency: everyone overdue and not exempt, and proposals awaiting decision. */
export function digestMail(input: {
  agencyName: string;
  /** The agency's unit id: the console's links narrow to it. */
  agencyId?: string;
  month: string;
  asOf: IsoDate;
  overdue: AlertLine[];
  proposals: DigestProposal[];
  consoleUrl?: string;
}): RenderedMail {
  const overdue = [...input.overdue].sort(byUrgency);
  const monthVi = `${input.month.slice(5, 7)}/${input.month.slice(0, 4)}`;
  const subject =
    `${SUBJECT_PREFIX} Tổng hợp tháng ${monthVi} - ${input.agencyName}: ${overdue.length} công chức quá hạn, ` +
    `${input.proposals.length} đề xuất chờ quyết định`;
  const intro = `Tình hình đến ngày ${formatDateVi(input.asOf)} tại ${input.agencyName}.`;
  const overdueTitle = `A. Công chức đã quá thời hạn giữ vị trí, không thuộc diện miễn, hoãn: ${overdue.length}`;
  const proposalTitle = `B. Đề xuất đang chờ lãnh đạo quyết định: ${input.proposals.length}`;
  const overdueHeaders = [...LINE_HEADERS, 'Lý do'];
  const overdueRows = overdue.map((l, i) => [...lineCells(l, i), l.reasons.map((r) => r.detail).join('; ')]);
  const proposalHeaders = ['STT', 'Đề xuất', 'Phạm vi', 'Ngày hiệu lực', 'Số người', 'Chưa quyết định', 'Ngày trình'];
  const proposalRows = input.proposals.map((p, i) => [
    String(i + 1),
    `${p.title} (${p.id})`,
    p.scopeUnitName,
    formatDateVi(p.effectiveDate),
    String(p.itemCount),
    String(p.pending),
    p.submittedAt ? formatDateVi(p.submittedAt.slice(0, 10)) : '',
  ]);
  const base = input.consoleUrl;
  // Leaders decide in the console: with its address the steps point to its pages (the links above), never to API calls.
  const steps = base
    ? [
        'Mở từng đề xuất trên bảng điều khiển (các đường dẫn ở mục «Mở trên bảng điều khiển»), chọn Duyệt hoặc Không duyệt ' +
          'cho từng người ngay trên trang đề xuất; khi đã quyết định xong, bấm «Thực hiện đề xuất» với số quyết định trên cùng trang.',
        'Với người quá hạn chưa có trong đề xuất nào: đề nghị bộ phận tổ chức cán bộ lập đề xuất trên bảng điều khiển.',
      ]
    : [
        'Xem từng đề xuất và quyết định từng người: GET /v1/proposals/{id}, rồi POST /v1/proposals/{id}/decisions (vai trò leader); áp dụng đề xuất đã quyết định: POST /v1/proposals/{id}/apply.',
        'Với người quá hạn chưa có trong đề xuất nào: đề nghị bộ phận tổ chức cán bộ lập đề xuất (POST /v1/proposals).',
      ];
  const unit: Record<string, string> = input.agencyId ? { unitId: input.agencyId } : {};
  const links: Link[] = base
    ? [
        ...(input.proposals.length
          ? [{ label: 'Các đề xuất đang chờ lãnh đạo quyết định', url: consoleLink(base, '/proposals', { status: 'submitted' }) }]
          : []),
        ...input.proposals.map((p) => ({ label: `Xem và quyết định: ${p.title}`, url: consoleLink(base, `/proposals/${encodeURIComponent(p.id)}`) })),
        ...(overdue.length
          ? [{ label: 'Danh sách công chức quá hạn', url: consoleLink(base, '/flags', { ...unit, status: 'overdue', asOf: input.asOf }) }]
          : []),
        { label: `Tổng quan của ${input.agencyName}`, url: consoleLink(base, '/', { ...unit, asOf: input.asOf }) },
      ]
    : [];
  return {
    subject,
    html: htmlMail(subject, [
      paragraph(`Kính gửi lãnh đạo ${input.agencyName},`),
      paragraph(intro),
      heading(overdueTitle),
      overdue.length ? table(overdueHeaders, overdueRows) : paragraph('Không có.'),
      heading(proposalTitle),
      input.proposals.length ? table(proposalHeaders, proposalRows) : paragraph('Không có.'),
      ...linkSection(links),
      heading('Việc cần làm'),
      list(steps),
      footer(),
    ]),
    text: [
      `Kính gửi lãnh đạo ${input.agencyName},`,
      '',
      intro,
      '',
      overdueTitle,
      ...(overdue.length ? overdueRows.map((r) => `${r[0]}. ${r.slice(1).filter(Boolean).join(' | ')}`) : ['Không có.']),
      '',
      proposalTitle,
      ...(proposalRows.length ? proposalRows.map((r) => `${r[0]}. ${r.slice(1).filter(Boolean).join(' | ')}`) : ['Không có.']),
      '',
      ...linkLines(links),
      'Việc cần làm:',
      ...steps.map((s) => `- ${s}`),
      '',
      FOOTER,
    ].join('\n'),
  };
}

interface Link {
  label: string;
  url: string;
}

const LINKS_TITLE = 'Mở trên bảng điều khiển';

/**
 * A page of the console: its address (CONSOLE_URL, no trailing slash) + the path + the query. Only http(s) addresses
 * make links; anything else is left out by the config's validation before it gets here.
 */
export function consoleLink(consoleUrl: string, path: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${consoleUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

function linkSection(links: Link[]): string[] {
  if (!links.length) return [];
  return [
    heading(LINKS_TITLE),
    `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`).join('')}</ul>`,
  ];
}

function linkLines(links: Link[]): string[] {
  if (!links.length) return [];
  return [`${LINKS_TITLE}:`, ...links.map((l) => `- ${l.label}: ${l.url}`), ''];
}

/** `&`, `<`, `>`, `"` and `'` as entities: what the records hold is shown, never interpreted. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const FOOTER = 'Thư được gửi tự động bởi hệ thống theo dõi luân chuyển công chức; vui lòng không trả lời thư này.';

function byUrgency(a: AlertLine, b: AlertLine): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.fullName.localeCompare(b.fullName, 'vi');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function unitList(names: string[]): string {
  if (names.length <= 2) return names.join(', ');
  return `${names.slice(0, 2).join(', ')} và ${names.length - 2} đơn vị khác`;
}

/** The columns every table of officials in a mail begins with: who, where, since when, due when. */
const LINE_HEADERS = ['STT', 'Công chức', 'Vị trí', 'Đơn vị', 'Bắt đầu giữ vị trí', 'Đến hạn', 'Thời gian giữ vị trí'];

function lineCells(line: AlertLine, index: number): string[] {
  return [
    String(index + 1),
    `${line.fullName} (${line.officialId})`,
    line.positionTitle,
    line.unitName,
    formatDateVi(line.chainStart),
    `${formatDateVi(line.dueDate)} (${daysLeftVi(line.asOf, line.dueDate)})`,
    timeHeldVi(line.chainStart, line.asOf),
  ];
}

function daysLeftVi(asOf: IsoDate, dueDate: IsoDate): string {
  const days = daysBetween(asOf, dueDate);
  if (days > 0) return `còn ${days} ngày`;
  if (days === 0) return 'đến hạn hôm nay';
  return `quá hạn ${-days} ngày`;
}

function timeHeldVi(chainStart: IsoDate, asOf: IsoDate): string {
  const held = diffYearsMonthsDays(chainStart, asOf);
  return formatYearsMonthsVi(held.years, held.months);
}

function notesVi(line: AlertLine): string {
  const reasons = line.reasons.map((r) => r.detail);
  const exemptions = line.exemptions.map(
    (e) => `Miễn/hoãn: ${e.detail} (từ ${formatDateVi(e.from)}${e.to ? ` đến ${formatDateVi(e.to)}` : ''})`,
  );
  return [...reasons, ...exemptions].join('; ') || 'Đến hạn theo thời hạn giữ vị trí';
}

function htmlMail(subject: string, parts: string[]): string {
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">${parts.join('\n')}</body></html>`
  );
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function heading(text: string): string {
  return `<h3 style="font-size:15px">${escapeHtml(text)}</h3>`;
}

function list(items: string[]): string {
  return `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

function footer(): string {
  return `<p style="color:#777;font-size:12px">${escapeHtml(FOOTER)}</p>`;
}

function table(headers: string[], rows: string[][]): string {
  const cell = 'style="border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left"';
  return (
    '<table style="border-collapse:collapse">' +
    `<thead><tr style="background:#eef2f7">${headers.map((h) => `<th ${cell}>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td ${cell}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>` +
    '</table>'
  );
}
