/**
 * Errors as a person reads them in the console: a Vietnamese page with the status the API would answer (the same
 * mapping, shared/http/problem.ts), the request id to quote, and a way back. Never a stack trace; never a 500 for
 * what the person typed.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AuthenticationError } from '../auth';
import { problemFromError } from '../problem';
import type { ConsoleEnv } from './env';
import { BarePage, CONSOLE_BASE, Page } from './layout';

const HEADINGS: Record<number, string> = {
  400: 'Dữ liệu gửi lên không hợp lệ',
  401: 'Cần đăng nhập lại',
  403: 'Không có quyền thực hiện',
  404: 'Không tìm thấy',
  405: 'Thao tác không được hỗ trợ',
  409: 'Không thực hiện được lúc này',
  413: 'Dữ liệu gửi lên quá lớn',
  422: 'Không thực hiện được theo quy định',
  500: 'Lỗi hệ thống',
  503: 'Chưa sẵn sàng',
};

export interface ErrorView {
  status: ContentfulStatusCode;
  heading: string;
  detail: string;
  /** Where the person can go on from here. */
  back?: { href: string; label: string };
}

/** What an error means to the person: the API's status and Vietnamese detail; an unexpected one stays opaque. */
export function errorView(error: unknown): ErrorView & { unexpected: boolean } {
  const { problem, unexpected } = problemFromError(error);
  const status = problem.status as ContentfulStatusCode;
  // The API's detail speaks of headers and tokens; in the console a session is what expired.
  const detail =
    error instanceof AuthenticationError
      ? `Phiên đăng nhập không còn hợp lệ: ${problem.detail}`
      : unexpected
        ? 'Đã có lỗi hệ thống. Hãy thử lại sau; nếu vẫn lỗi, báo bộ phận quản trị kèm mã yêu cầu bên dưới.'
        : problem.detail;
  return { status, heading: HEADINGS[status] ?? 'Không thực hiện được', detail, unexpected };
}

/** A whole page for an error: inside the console's frame when someone is signed in, bare otherwise. */
export function renderErrorPage(c: Context<ConsoleEnv>, view: ErrorView): Response | Promise<Response> {
  const principal = c.get('principal');
  const csrf = c.get('csrf');
  const body = (
    <>
      <h1>{view.heading}</h1>
      <div class="flash error" role="alert">
        {view.detail}
      </div>
      <p class="muted small">Mã yêu cầu (để tra cứu nhật ký): {c.get('requestId')}</p>
      <p>
        <a href={view.back?.href ?? `${CONSOLE_BASE}/`}>{view.back?.label ?? 'Về trang tổng quan'}</a>
      </p>
    </>
  );
  if (principal && csrf !== undefined)
    return c.html(
      <Page title={view.heading} principal={principal} scopeNames={c.get('scopeNames')} csrf={csrf}>
        {body}
      </Page>,
      view.status,
    );
  return c.html(<BarePage title={view.heading}>{body}</BarePage>, view.status);
}

/** The console's onError: the error as a page, an unexpected one logged with the request id. */
export function consoleErrorHandler(error: Error, c: Context<ConsoleEnv>): Response | Promise<Response> {
  const view = errorView(error);
  if (view.unexpected) c.get('deps')?.logger.error('unhandled error', { error, requestId: c.get('requestId') });
  return renderErrorPage(c, view);
}

/** The console's 404 for a path it does not have. */
export function notFoundPage(c: Context<ConsoleEnv>): Response | Promise<Response> {
  return renderErrorPage(c, {
    status: 404,
    heading: HEADINGS[404],
    detail: `Không có trang ${c.req.path} trong bảng điều khiển.`,
  });
}
