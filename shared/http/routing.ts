/**
 * Helpers every resource router uses: a route factory that documents the route from its policy action (the action
 * is the operationId; its roles come from the policy table), the validation hook that turns zod failures into
 * problem+json, and the bridge from a request to a use case: deps, actor, the version a client sent, where each
 * field named by an error came from, and the response stored for an Idempotency-Key.
 */
import { createRoute, OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { BadRequestError, DomainError, RuleViolationError } from '../domain/errors';
import type { Actor, UseCaseDeps } from '../use-cases/context';
import { LOGGED_ACTIONS } from '../use-cases/access-log';
import { authorize, rolesFor, type Action } from '../use-cases/policy';
import type { AppEnv } from './env';
import { PROBLEM_CONTENT_TYPE, problemResponse, zodProblem } from './problem';
import { ProblemSchema } from './schemas';

const LOCATIONS: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, zodProblem(result.error, LOCATIONS[result.target] ?? result.target));
    },
  });
}

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } };
const errorResponses = {
  400: { description: 'Malformed input', content: problemContent },
  401: { description: 'No or bad token', content: problemContent },
  403: { description: 'Out of role or scope', content: problemContent },
  404: { description: 'Not found (or out of scope)', content: problemContent },
  409: { description: 'Conflict: stale version, overlap, duplicate', content: problemContent },
  422: { description: 'A domain rule is violated', content: problemContent },
};

/** Answers that carry sensitive data are refused when their access record cannot be written. */
const accessLogUnavailable = {
  description: 'ACCESS_LOG_UNAVAILABLE: the read of sensitive data could not be logged, so it is not answered; retry',
  content: problemContent,
};

/** Refuse a caller whose roles may not do the action before reading the request (the use case checks again). */
function allowedTo(action: Action): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    authorize(actor(c), action);
    await next();
  };
}

/** A documented, authenticated route for a policy action. */
export function route<
  R extends Omit<RouteConfig, 'responses' | 'middleware' | 'operationId'> & { responses: RouteConfig['responses'] },
>(action: Action, config: R) {
  return createRoute({
    ...config,
    operationId: action,
    description: [config.description, `Roles: ${rolesFor(action).filter((r) => r !== 'system').join(', ')}.`]
      .filter(Boolean)
      .join('\n\n'),
    security: [{ bearerAuth: [] }],
    middleware: [allowedTo(action)] as const,
    responses: {
      ...errorResponses,
      ...((LOGGED_ACTIONS as readonly Action[]).includes(action) ? { 503: accessLogUnavailable } : {}),
      ...config.responses,
    },
  });
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function useCaseDeps(c: Context<AppEnv>): UseCaseDeps {
  return c.get('deps');
}

export function actor(c: Context<AppEnv>): Actor {
  return { principal: c.get('principal'), requestId: c.get('requestId') };
}

/** Resolve the version a client sent in the body or If-Match (a quoted or bare integer). */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  const header = ifMatchVersion(ifMatch);
  return bodyVersion ?? header;
}

/**
 * The version an If-Match header names: absent, empty or `*` (any version) name none; `3`, `"3"` or `W/"3"` name 3.
 * Anything else is a 400: a write guarded by a version the server cannot read must not go through unguarded.
 */
function ifMatchVersion(ifMatch: string | undefined): number | undefined {
  const value = ifMatch?.trim();
  if (!value || value === '*') return undefined;
  const text = value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(n) && n > 0) return n;
  throw new BadRequestError(
    `If-Match phải là version đã đọc, một số nguyên dương, không phải '${value.slice(0, 40)}' (If-Match must be the version you read, a positive integer)`,
    [{ path: 'header.if-match', message: 'Phải là số nguyên dương (must be a positive integer)' }],
    'VALIDATION_FAILED',
  );
}

/** A DELETE names the version it voids in If-Match: deleting blind is refused. */
export function requiredVersion(ifMatch: string | undefined): number {
  const version = expectedVersion(undefined, ifMatch);
  if (version === undefined)
    throw new BadRequestError(
      'Hãy gửi If-Match với version đã đọc để huỷ bản ghi (If-Match: <version> is required)',
      [{ path: 'header.if-match', message: 'Bắt buộc: version đã đọc (required: the version you read)' }],
      'VERSION_REQUIRED',
    );
  return version;
}

/** A response as a handler sends it: status and JSON body (none for 204). */
export type Reply = { status: 200 | 201 | 204; body?: unknown };

/**
 * Run a use case for a request and send its reply. Errors naming fields get the place each field came from
 * (`period` -> `path.period`, `startDate` -> `body.startDate`), since use cases know fields, not requests. For a
 * write, the reply is also what an Idempotency-Key replays: the use case stores it in its own transaction.
 */
export async function respond<T>(
  c: Context<AppEnv>,
  run: (deps: UseCaseDeps, actor: Actor) => Promise<T>,
  reply: (result: T) => Reply,
): Promise<never> {
  const claim = c.get('idempotency');
  const caller: Actor = {
    ...actor(c),
    ...(claim && {
      idempotency: {
        ...claim,
        respond: (result: unknown) => {
          const { status, body } = reply(result as T);
          return { status, body: body === undefined ? '' : JSON.stringify(body), contentType: 'application/json' };
        },
      },
    }),
  };
  let result: T;
  try {
    result = await run(useCaseDeps(c), caller);
  } catch (error) {
    throw locateFields(c, error);
  }
  const { status, body } = reply(result);
  // Handlers return domain objects whose static types are wider than the documented response schema (derived
  // fields are fine to send), so the typed-response check is bypassed here, in one place.
  return (status === 204 ? c.body(null, 204) : c.json(body as object, status)) as never;
}

/** A file as a route sends it: its bytes, media type, and the names to save it under (ASCII and Vietnamese). */
export type FileReply = { bytes: Uint8Array; contentType: string; fileName: { ascii: string; vi: string } };

/**
 * Run a use case for a request and send its result as a file to save (`Content-Disposition: attachment`, with an
 * ASCII `filename` and the Vietnamese one in RFC 5987's `filename*`). Errors are located as in `respond()`. For
 * reads only: nothing here is stored for an Idempotency-Key. Personal data, so nothing caches it.
 */
export async function respondFile<T>(
  c: Context<AppEnv>,
  run: (deps: UseCaseDeps, actor: Actor) => Promise<T>,
  file: (result: T) => FileReply | Promise<FileReply>,
): Promise<never> {
  let result: T;
  try {
    result = await run(useCaseDeps(c), actor(c));
  } catch (error) {
    throw locateFields(c, error);
  }
  const { bytes, contentType, fileName } = await file(result);
  const rfc5987 = encodeURIComponent(fileName.vi).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = fileName.ascii.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }) as never;
}

function locateFields(c: Context, error: unknown): unknown {
  if (!(error instanceof DomainError) || !(error instanceof RuleViolationError || error instanceof BadRequestError))
    return error;
  const params = c.req.param() as Record<string, string>;
  const query = c.req.query();
  for (const e of error.errors) {
    if (e.path.includes('.')) continue;
    const where = e.path in params ? 'path' : e.path in query || c.req.method === 'GET' ? 'query' : 'body';
    e.path = `${where}.${e.path}`;
  }
  return error;
}
