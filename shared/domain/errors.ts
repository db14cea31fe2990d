/**
 * Every `code` a client can receive in a problem+json answer, by HTTP status. One union, so a typo is a compile error
 * and a client author can read the whole list here. A new error adds its code to this list first.
 *
 * Not listed: the codes of flags, exemptions and warnings inside successful answers (`TENURE_OVER_LIMIT`,
 * `MATERNITY`, `EXCELLENT_QUOTA_EXCEEDED`...): those describe an official, not a failed request.
 */
export type ErrorCode =
  // 400: the request cannot be read
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BAD_REQUEST'
  | 'BAD_IDEMPOTENCY_KEY'
  | 'INVALID_CURSOR'
  | 'VERSION_REQUIRED'
  // 401: no token, or one that cannot be trusted (shared/http/auth.ts)
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_BAD_SIGNATURE'
  | 'TOKEN_CLAIMS_INVALID'
  // 403
  | 'FORBIDDEN'
  // 404: an item (or one out of scope), or a path the API does not have
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  // 405: the path exists, with other methods (the answer's Allow header lists them)
  | 'METHOD_NOT_ALLOWED'
  // 409: stale or concurrent writes, duplicates, overlaps
  | 'STALE_VERSION'
  | 'CONCURRENT_UPDATE'
  | 'UNIT_EXISTS'
  | 'POSITION_EXISTS'
  | 'OFFICIAL_EXISTS'
  | 'ASSIGNMENT_EXISTS'
  | 'CIRCUMSTANCE_EXISTS'
  | 'ASSESSMENT_EXISTS'
  | 'EMPLOYEE_CODE_TAKEN'
  | 'ASSIGNMENT_OVERLAP'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'IDEMPOTENCY_CLAIM_LOST'
  | 'ID_UNAVAILABLE'
  | 'POST_FULL'
  | 'POSITION_TOO_MANY_HOLDERS'
  | 'PROPOSAL_WRONG_STATE'
  | 'PROPOSAL_EXISTS'
  // 413, 415
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  // 422: well formed, but a rule says no
  | 'DATE_OUT_OF_RANGE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNIT_REQUIRED'
  | 'UNIT_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'SUCCESSOR_NOT_FOUND'
  | 'SUCCESSOR_SELF'
  | 'UNIT_KIND_FIXED'
  | 'PROVINCE_UNDER_AGENCY'
  | 'VALIDITY_REVERSED'
  | 'UNIT_DISSOLVED'
  | 'UNIT_NOT_YET_VALID'
  | 'POSITION_NOT_FOUND'
  | 'END_BEFORE_START'
  | 'RETIREMENT_BEFORE_BIRTH'
  | 'ASSESSED_BEFORE_PERIOD'
  | 'RATING_REQUIRED'
  | 'RATING_CONTRADICTS_SCORE'
  | 'RATING_CONTRADICTS_DISCIPLINE'
  | 'SCORE_OUT_OF_RANGE'
  | 'SCORE_BEFORE_2026'
  | 'ASSESSED_IN_FUTURE'
  | 'ROTATION_PERIOD_OUT_OF_RANGE'
  | 'OFFICIAL_TOO_YOUNG'
  | 'ASSIGNMENT_BEFORE_WORKING_AGE'
  | 'ASSIGNMENT_TOO_FAR_AHEAD'
  | 'OFFICIAL_LEFT'
  | 'LEFT_REASON_REQUIRED'
  | 'LEFT_BEFORE_BIRTH'
  | 'LEFT_TOO_FAR_AHEAD'
  | 'ASSIGNMENT_AFTER_LEAVING'
  | 'RANGE_REVERSED'
  | 'ALERT_DATE_IN_FUTURE'
  | 'ACTION_NOT_ALLOWED'
  | 'TARGET_NOT_ALLOWED'
  | 'TARGET_FULL'
  | 'ITEM_WITHOUT_TARGET'
  | 'SCOPE_UNIT_NOT_FOUND'
  | 'EFFECTIVE_BEFORE_AS_OF'
  | 'PROPOSAL_TOO_LARGE'
  | 'IMPORT_UNREADABLE'
  | 'IMPORT_NO_HEADER'
  | 'IMPORT_WRONG_KIND'
  | 'IMPORT_COLUMNS_MISSING'
  // 500: nothing internal is told
  | 'INTERNAL'
  // 503: a sensitive read whose access record could not be written is refused, never answered unlogged
  | 'ACCESS_LOG_UNAVAILABLE';

/** A failure the client can act on. `code` is stable and machine-readable. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 404: the item does not exist, or exists outside the caller's scope (never leak which). */
export class NotFoundError extends DomainError {
  constructor(what: string, id: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', `${what} '${id}' không tồn tại`, options);
  }
}

/** 409: a concurrent or stale write, a duplicate, or an overlap with existing data. */
export class ConflictError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** 422: the request is well formed but breaks a domain rule. */
export class RuleViolationError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(code, message);
  }
}

/** 403: the caller's role or scope does not allow this write. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** 400: malformed input found after schema validation (e.g. an unparseable cursor). */
export class BadRequestError extends DomainError {
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
    code: ErrorCode = 'BAD_REQUEST',
  ) {
    super(code, message);
  }
}

/**
 * 503: a dependency the answer may not go without is unavailable (the access log of a sensitive read). Nothing was
 * answered and nothing was written; the client may retry.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
