/**
 * Helpers every resource router uses: a route factory that adds auth, role checks and the shared error
 * responses to the OpenAPI description, the validation hook that turns zod failures into problem+json, and
 * accessors for the use-case deps and the actor.
 */
import { createRoute, OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../domain/errors';
import type { Role } from '../domain/types';
import type { Actor, UseCaseDeps } from '../use-cases/context';
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

/** Only these roles may call the route: anyone else gets a 403. */
export function allow(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal.roles.some((r) => roles.includes(r)))
      throw new ForbiddenError(`Vai trò của bạn không được thực hiện thao tác này (cần: ${roles.join(', ')})`);
    await next();
  };
}

/** A documented, authenticated route for the given roles. */
export function route<R extends Omit<RouteConfig, 'responses' | 'middleware'> & { responses: RouteConfig['responses'] }>(
  roles: Role[],
  config: R,
) {
  return createRoute({
    ...config,
    security: [{ bearerAuth: [] }],
    middleware: [allow(...roles)] as const,
    responses: { ...errorResponses, ...config.responses },
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

/**
 * Send a JSON body. Handlers return domain objects whose static types are wider than the documented response
 * schema (extra derived fields are fine to send), so the typed-response check is bypassed here, in one place.
 */
export function send(c: Context, body: unknown, status: 200 | 201 = 200): never {
  return c.json(body as object, status) as never;
}
