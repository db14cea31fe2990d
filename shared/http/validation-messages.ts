/**
 * The messages of validation errors, Vietnamese first with the English term beside it: a missing query parameter
 * and a missing body field read alike, whatever type was expected ("Thiếu giá trị bắt buộc (required)"), instead of zod's
 * English defaults ("Invalid input: expected string, received undefined").
 *
 * Installed as zod's locale (the last resort of its message lookup) by shared/http/schemas.ts, so a message a schema
 * gives itself still wins. zod keeps one configuration per process: everything in it that validates with zod,
 * the app and the command-line tools, speaks the same way.
 */
import { z } from '@hono/zod-openapi';

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'đối tượng JSON',
  array: 'danh sách',
  date: 'ngày',
  null: 'null',
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'Địa chỉ email không hợp lệ (invalid email)',
  date: 'Cần ngày dạng YYYY-MM-DD (expected a date YYYY-MM-DD)',
  datetime: 'Cần thời điểm ISO 8601 (expected an ISO datetime)',
  url: 'Địa chỉ URL không hợp lệ (invalid URL)',
  uuid: 'Cần UUID (expected a UUID)',
};

const SIZED: Record<string, [unit: string, english: string]> = {
  string: ['ký tự', 'characters'],
  array: ['phần tử', 'items'],
  set: ['phần tử', 'items'],
  file: ['byte', 'bytes'],
};

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type Issue = Parameters<NonNullable<z.core.$ZodConfig['localeError']>>[0];

/** What a missing value reads as, whatever was expected there. */
export const REQUIRED_MESSAGE = 'Thiếu giá trị bắt buộc (required)';

/** One issue's message. */
export function validationMessage(issue: Issue): string {
  // Nothing was given: say so, whether a string, an enum (gender), a date or anything else was expected, rather
  // than list the choices or the form of a value the client never sent.
  if (issue.input === undefined) return REQUIRED_MESSAGE;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected);
      return `Sai kiểu dữ liệu: cần ${TYPE_NAMES[expected] ?? expected} (expected ${expected})`;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `Giá trị phải là ${show(issue.values[0])} (expected ${show(issue.values[0])})`;
      return `Giá trị không hợp lệ; chọn một trong: ${issue.values.map(show).join(', ')} (expected one of these)`;
    case 'too_small': {
      const min = Number(issue.minimum);
      const sized = SIZED[issue.origin];
      if (sized) {
        if (issue.origin === 'string' && min === 1) return 'Không được để trống (must not be empty)';
        return `Cần ít nhất ${min} ${sized[0]} (at least ${min} ${sized[1]})`;
      }
      return issue.inclusive === false
        ? `Phải lớn hơn ${min} (greater than ${min})`
        : `Phải lớn hơn hoặc bằng ${min} (at least ${min})`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const sized = SIZED[issue.origin];
      if (sized) return `Tối đa ${max} ${sized[0]} (at most ${max} ${sized[1]})`;
      return issue.inclusive === false
        ? `Phải nhỏ hơn ${max} (less than ${max})`
        : `Phải nhỏ hơn hoặc bằng ${max} (at most ${max})`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return `Không đúng định dạng (must match ${issue.pattern ?? 'the pattern'})`;
      return FORMAT_MESSAGES[issue.format] ?? `Không đúng định dạng ${issue.format} (invalid ${issue.format})`;
    case 'not_multiple_of':
      return `Phải là bội số của ${String(issue.divisor)} (multiple of ${String(issue.divisor)})`;
    case 'unrecognized_keys':
      return `Trường không được phép: ${issue.keys.join(', ')} (unknown field)`;
    default:
      return 'Giá trị không hợp lệ (invalid value)';
  }
}

/** Makes validationMessage zod's locale. Idempotent. */
export function installValidationMessages(): void {
  z.config({ localeError: validationMessage });
}
