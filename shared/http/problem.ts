/**
 * RFC 9457 problem details, the one shape of every error the API answers: from a route, a validation hook, the body
 * limit, an unknown path or method, a refused token or an unexpected crash. Titles are Vietnamese first (a person
 * reads them); `type` is a stable URN per status, `code` a stable ErrorCode, `instance` the request id; validation
 * problems carry `errors: [{ path, message }]` with paths prefixed by where the value came from.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import {
  BadRequestError,
  ConflictError,
  DomainError,
  type ErrorCode,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  ServiceUnavailableError,
} from '../domain/errors';
import { AuthenticationError, wwwAuthenticate } from './auth';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: { path: string; message: string }[];
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUSES: Record<number, [slug: string, title: string, code: ErrorCode]> = {
  400: ['bad-request', 'Dữ liệu không hợp lệ (Bad request)', 'BAD_REQUEST'],
  401: ['unauthorized', 'Chưa xác thực (Unauthorized)', 'TOKEN_MISSING'],
  403: ['forbidden', 'Không có quyền (Forbidden)', 'FORBIDDEN'],
  404: ['not-found', 'Không tìm thấy (Not found)', 'NOT_FOUND'],
  405: ['method-not-allowed', 'Phương thức không được hỗ trợ (Method not allowed)', 'METHOD_NOT_ALLOWED'],
  409: ['conflict', 'Xung đột dữ liệu (Conflict)', 'STALE_VERSION'],
  413: ['payload-too-large', 'Dữ liệu gửi lên quá lớn (Payload too large)', 'PAYLOAD_TOO_LARGE'],
  415: ['unsupported-media-type', 'Kiểu dữ liệu không được hỗ trợ (Unsupported media type)', 'UNSUPPORTED_MEDIA_TYPE'],
  422: ['rule-violation', 'Vi phạm quy tắc nghiệp vụ (Rule violated)', 'VALIDATION_FAILED'],
  500: ['internal', 'Lỗi hệ thống (Internal error)', 'INTERNAL'],
  503: ['unavailable', 'Tạm thời không phục vụ được (Service unavailable)', 'ACCESS_LOG_UNAVAILABLE'],
};

/** A problem for `status`; `code` defaults to the status's generic one. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const [slug, title, code] = STATUSES[status] ?? STATUSES[500];
  return { type: `urn:luanchuyen:problem:${slug}`, title, status, detail, code, ...extra };
}

/** Sends a problem, with the request id as `instance` when the problem has none. */
export function problemResponse(c: Context, body: Problem, headers: Record<string, string> = {}): Response {
  const requestId: unknown = c.get('requestId');
  const full = body.instance === undefined && typeof requestId === 'string' ? { ...body, instance: requestId } : body;
  return c.body(JSON.stringify(full), full.status as 400, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE });
}

export function zodProblem(error: ZodError, location: string): Problem {
  return problem(400, 'Dữ liệu gửi lên không hợp lệ; xem danh sách lỗi theo trường', {
    code: 'VALIDATION_FAILED',
    errors: error.issues.map((issue) => ({
      path: [location, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  });
}

const LOCATIONS = ['body', 'query', 'path', 'header'];
/** List parameters: a use case or an adapter names them bare (`cursor`); they always come from the query string. */
const QUERY_FIELDS = new Set(['cursor', 'limit']);

/** `cursor` -> `query.cursor`; a path that already names its location is left alone. */
function located(errors: { path: string; message: string }[]): { path: string; message: string }[] {
  return errors.map((e) =>
    LOCATIONS.some((l) => e.path === l || e.path.startsWith(`${l}.`)) || !QUERY_FIELDS.has(e.path.split('.')[0])
      ? e
      : { ...e, path: `query.${e.path}` },
  );
}

/** Messages for the framework's own refusals (its English messages are not for people). */
const HTTP_EXCEPTIONS: Record<number, [detail: string, code: ErrorCode]> = {
  400: ['Nội dung yêu cầu không đọc được: JSON không hợp lệ (malformed JSON)', 'MALFORMED_JSON'],
  415: ['Hãy gửi nội dung JSON với Content-Type: application/json (unsupported media type)', 'UNSUPPORTED_MEDIA_TYPE'],
};

/**
 * Maps any thrown error to a problem and the headers it needs. Unknown errors become an opaque 500 (the caller
 * logs them).
 */
export function problemFromError(error: unknown): {
  problem: Problem;
  unexpected: boolean;
  headers?: Record<string, string>;
} {
  if (error instanceof AuthenticationError)
    return {
      problem: problem(401, error.message, { code: error.code }),
      unexpected: false,
      headers: { 'www-authenticate': wwwAuthenticate(error) },
    };
  if (error instanceof NotFoundError) return { problem: problem(404, error.message, { code: error.code }), unexpected: false };
  if (error instanceof ForbiddenError) return { problem: problem(403, error.message, { code: error.code }), unexpected: false };
  if (error instanceof ConflictError) return { problem: problem(409, error.message, { code: error.code }), unexpected: false };
  if (error instanceof RuleViolationError || error instanceof BadRequestError) {
    const errors = located(error.errors);
    return {
      problem: problem(error instanceof BadRequestError ? 400 : 422, error.message, {
        code: error.code,
        ...(errors.length ? { errors } : {}),
      }),
      unexpected: false,
    };
  }
  if (error instanceof ServiceUnavailableError)
    return { problem: problem(503, error.message, { code: error.code }), unexpected: false, headers: { 'retry-after': '5' } };
  if (error instanceof DomainError) return { problem: problem(422, error.message, { code: error.code }), unexpected: false };
  if (error instanceof HTTPException && error.status < 500) {
    const known = HTTP_EXCEPTIONS[error.status];
    const body = known
      ? problem(error.status, known[0], { code: known[1] })
      : problem(error.status, 'Yêu cầu không hợp lệ (bad request)');
    return { problem: body, unexpected: false };
  }
  return { problem: problem(500, 'Đã có lỗi hệ thống; mã yêu cầu (instance) giúp tra cứu nhật ký'), unexpected: true };
}
