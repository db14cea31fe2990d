/** Helpers of the import tests: files as people send them, uploads, downloads. */
import type { Role } from '../../shared/domain/types';
import type { TestApp } from './app';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV file: RFC 4180 quoting, CRLF, a byte-order mark unless told otherwise. */
export function csvFile(rows: readonly (readonly (string | number)[])[], options: { bom?: boolean; eol?: string } = {}): Uint8Array {
  const field = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const eol = options.eol ?? '\r\n';
  const text = rows.map((row) => row.map(field).join(',') + eol).join('');
  return new TextEncoder().encode((options.bom ?? true ? '\uFEFF' : '') + text);
}

export interface Upload {
  dryRun?: boolean;
  contentType?: string;
  units?: string[] | '*';
  sub?: string;
  headers?: Record<string, string>;
  fileName?: string;
}

/** POST /v1/imports/{kind} with the file as the body. */
export async function importFile(t: TestApp, role: Role, kind: string, body: Uint8Array | FormData, options: Upload = {}) {
  const token = await t.token(role, options.units ?? '*', options.sub);
  const query = new URLSearchParams({ dryRun: String(options.dryRun ?? false), ...(options.fileName ? { fileName: options.fileName } : {}) });
  const res = await t.app.request(`/v1/imports/${kind}?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body instanceof FormData ? {} : { 'content-type': options.contentType ?? 'text/csv' }),
      ...options.headers,
    },
    body: body as RequestInit['body'],
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A GET whose body is kept as bytes. */
export async function download(t: TestApp, role: Role, path: string, units: string[] | '*' = '*') {
  const token = await t.token(role, units);
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

export const OFFICIAL_HEADERS = ['Mã công chức', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Đơn vị', 'Email', 'Ngày nghỉ hưu'];
export const ASSIGNMENT_HEADERS = ['Mã công chức', 'Mã vị trí', 'Từ ngày', 'Đến ngày', 'Hình thức', 'Số quyết định', 'Chính'];
export const ASSESSMENT_HEADERS = ['Mã công chức', 'Kỳ', 'Xếp loại', 'Điểm', 'Kỷ luật', 'Ngày đánh giá', 'Nhận xét'];
