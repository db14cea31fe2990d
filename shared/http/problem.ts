/**
 * RFC 9457 problem details. Titles are Vietnamese first (a person reads them); `type` is a stable URN per kind;
 * validation problems carry `errors: [{ path, message }]`.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import {
  BadRequestError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../domain/errors';
import { AuthenticationError } from './auth';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Dữ liệu không hợp lệ (Bad request)'],
  401: ['unauthorized', 'Chưa xác thực (Unauthorized)'],
  403: ['forbidden', 'Không có quyền (Forbidden)'],
  404: ['not-found', 'Không tìm thấy (Not found)'],
  405: ['method-not-allowed', 'Phương thức không được hỗ trợ (Method not allowed)'],
  409: ['conflict', 'Xung đột dữ liệu (Conflict)'],
  413: ['payload-too-large', 'Dữ liệu gửi lên quá lớn (Payload too large)'],
  415: ['unsupported-media-type', 'Kiểu dữ liệu không được hỗ trợ (Unsupported media type)'],
  422: ['rule-violation', 'Vi phạm quy tắc nghiệp vụ (Rule violated)'],
  500: ['internal', 'Lỗi hệ thống (Internal error)'],
};

export function problem(
  status: number,
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  const [slug, title] = TITLES[status] ?? TITLES[500];
  return { type: `urn:luanchuyen:problem:${slug}`, title, status, detail, ...extra };
}

export function problemResponse(c: Context, body: Problem): Response {
  return c.body(JSON.stringify(body), body.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE });
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

/** Map any thrown error to a problem. Unknown errors become an opaque 500 (the caller logs them). */
export function problemFromError(error: unknown): { problem: Problem; unexpected: boolean } {
  if (error instanceof AuthenticationError)
    return { problem: problem(401, 'Thiếu hoặc sai mã xác thực (Bearer token)', { code: 'UNAUTHORIZED' }), unexpected: false };
  if (error instanceof NotFoundError) return { problem: problem(404, error.message, { code: error.code }), unexpected: false };
  if (error instanceof ForbiddenError) return { problem: problem(403, error.message, { code: error.code }), unexpected: false };
  if (error instanceof ConflictError) return { problem: problem(409, error.message, { code: error.code }), unexpected: false };
  if (error instanceof RuleViolationError)
    return {
      problem: problem(422, error.message, { code: error.code, ...(error.errors.length ? { errors: error.errors } : {}) }),
      unexpected: false,
    };
  if (error instanceof BadRequestError)
    return {
      problem: problem(400, error.message, { code: error.code, ...(error.errors.length ? { errors: error.errors } : {}) }),
      unexpected: false,
    };
  if (error instanceof DomainError) return { problem: problem(422, error.message, { code: error.code }), unexpected: false };
  if (error instanceof HTTPException && error.status < 500) {
    const details: Record<number, string> = {
      400: 'Nội dung yêu cầu không đọc được (JSON không hợp lệ?)',
      415: 'Hãy gửi nội dung JSON với Content-Type: application/json',
    };
    const detail = details[error.status] ?? (error.message || 'Yêu cầu không hợp lệ');
    return { problem: problem(error.status, detail), unexpected: false };
  }
  return { problem: problem(500, 'Đã có lỗi hệ thống; mã yêu cầu đi kèm giúp tra cứu nhật ký'), unexpected: true };
}
