/** A failure the client can act on. `code` is stable and machine-readable. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
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
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** 422: the request is well formed but breaks a domain rule. */
export class RuleViolationError extends DomainError {
  constructor(
    code: string,
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
  ) {
    super('BAD_REQUEST', message);
  }
}
