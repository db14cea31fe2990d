/**
 * The Hono app, the same in AWS Lambda, the local server and tests. Order of middleware:
 * request id and log line -> body limit -> authentication (all of /v1 but the public routes of
 * shared/auth-contract.ts) -> idempotency (writes with an Idempotency-Key) -> routes. Every error of the API leaves
 * as problem+json, including an unknown path (404), a known path with another method (405 with Allow), a body over
 * the limit (413) and the framework's own refusals (malformed JSON, 415). `/docs` and the console (`/console`, its
 * own session, CSRF and HTML error pages: ./console) carry the browser security headers of ./security-headers.ts.
 *
 * Routes are mounted lazily, by group (./route-groups.ts): the app registers every route of the manifest with a
 * handler that imports the group's module on the first request to any of its routes, then runs that route's own
 * handlers (its role check, validation and handler) in the same request context, after the same middleware. So a
 * cold start loads only this module and what every request needs (no zod, no @hono/zod-openapi, no route schemas),
 * and a request loads only its group. `/v1/openapi.json` loads every group (./openapi.ts), the console its own
 * module. It is the same app in Lambda, the local server and tests.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PatternRouter } from 'hono/router/pattern-router';
import { isPublicRoute } from '../auth-contract';
import type { AppDeps, AppEnv } from './env';
import { idempotency } from './idempotency';
import { importUploadLimit, isImportUpload } from './import-limits';
import { requestValues, safeError } from './log-safety';
import { problem, problemFromError, problemResponse } from './problem';
import { API_GROUPS, DOCS_GROUP, fullRoute, type RouteGroup } from './route-groups';
import { DOCS_CSP, securityHeaders } from './security-headers';

/** JSON bodies are small records; anything larger is a mistake (or an attack), refused before it is read. */
const MAX_BODY_BYTES = 256 * 1024;
/**
 * A client's x-request-id goes into logs and audit records only when it looks like an id: bounded, and no characters
 * that could forge a log line or a key. Anything else is replaced by a generated one.
 */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:=+-]{1,128}$/;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestContext(deps));
  const generalBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The unread body is still arriving on the socket: tell the client not to reuse the connection, so a pooled
    // client does not send its next request down a socket the server is about to close.
    onError: (c) =>
      problemResponse(
        c,
        problem(413, `Nội dung yêu cầu vượt quá ${MAX_BODY_BYTES / 1024} KB (payload too large)`, {
          code: 'PAYLOAD_TOO_LARGE',
        }),
        { connection: 'close' },
      ),
  });
  // An import's upload has its own, larger limit (./import-limits.ts), applied in this one's place.
  app.use('/v1/*', (c, next) => (isImportUpload(c.req.method, c.req.path) ? next() : generalBodyLimit(c, next)));
  app.use('/v1/*', importUploadLimit());
  app.use('/v1/*', authenticate(deps));
  app.use('/v1/*', idempotency(deps));

  // Documented in ./openapi.ts with the other operations; answered here, without loading any group.
  app.get('/v1/health', (c) => c.json({ status: 'ok' as const }, 200));
  for (const group of Object.values(API_GROUPS)) mountLazily(app, group, deps);
  // Every group's routes and schemas: the one request that loads them all.
  app.get('/v1/openapi.json', async (c) => c.json(await (await import('./openapi')).openApiDocument(deps)));
  if (deps.readDocsAsset) {
    app.use('/docs', securityHeaders({ csp: DOCS_CSP }));
    app.use('/docs/*', securityHeaders({ csp: DOCS_CSP }));
    mountLazily(app, DOCS_GROUP, deps);
  }
  // The console: its own pages, session, CSRF, headers and not-found page (./console), loaded on its first request.
  // It is not part of the OpenAPI document.
  const consoleApp = lazyConsole();
  app.all('/console', consoleApp);
  app.all('/console/*', consoleApp);

  const allowedMethods = methodsByPath(app);
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length)
      return problemResponse(
        c,
        problem(405, `Đường dẫn ${c.req.path} không nhận phương thức ${c.req.method}; chỉ nhận ${allowed.join(', ')}`, {
          code: 'METHOD_NOT_ALLOWED',
        }),
        { allow: allowed.join(', ') },
      );
    return problemResponse(
      c,
      problem(404, `Không có đường dẫn ${c.req.method} ${c.req.path} (no such route)`, { code: 'ROUTE_NOT_FOUND' }),
    );
  });
  app.onError(async (error, c) => {
    const { problem: body, unexpected, headers } = problemFromError(error);
    // Never the error itself: its message and properties may echo what the client sent (./log-safety.ts).
    if (unexpected || body.status >= 500)
      deps.logger.error(unexpected ? 'unhandled error' : body.code, {
        error: safeError(error, await requestValues(c)),
        requestId: c.get('requestId'),
      });
    return problemResponse(c, body, headers);
  });
  return app;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the app answers on a path, for a 405's Allow header (HEAD wherever GET is: Hono answers it). Built on
 * first use from the routes registered by then, which is all of them once a request arrives: every route of every
 * group is registered from the manifest, whether its group is loaded or not.
 */
function methodsByPath(app: Hono<AppEnv>): (path: string) => string[] {
  let router: PatternRouter<string> | undefined;
  return (path) => {
    if (!router) {
      router = new PatternRouter<string>();
      for (const r of app.routes) if (r.method !== 'ALL') router.add(r.method, r.path, r.method);
    }
    const found = METHODS.filter((m) => router!.match(m, path)[0].length > 0);
    return found.includes('GET') ? ['GET', 'HEAD', ...found.filter((m) => m !== 'GET')] : [...found];
  };
}

function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const event = c.env?.event as { requestContext?: { requestId?: string } } | undefined;
    const offered = event?.requestContext?.requestId ?? c.req.header('x-request-id');
    const requestId = offered !== undefined && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    // Method, route pattern and status only: never bodies, names or other personal data.
    deps.logger.info('request', {
      requestId,
      method: c.req.method,
      route: c.var.routePath ?? c.req.routePath,
      status: c.res.status,
      sub: c.var.principal?.sub,
      ms: Math.round(performance.now() - started),
    });
  };
}

function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicRoute(c.req.method, c.req.path)) return next();
    c.set('principal', await deps.authenticator(c));
    await next();
  };
}


/**
 * Registers every route of `group` (from its manifest) with one handler that imports the group on first use and then
 * runs the route's own handlers. The matched route's pattern is the group's own, so path parameters, `c.req.valid`
 * and the logged route pattern are what they were when the group was mounted eagerly.
 */
function mountLazily(app: Hono<AppEnv>, group: RouteGroup, deps: AppDeps): void {
  let loaded: Promise<Map<string, MiddlewareHandler<AppEnv>[]>> | undefined;
  const chains = () => (loaded ??= group.load(deps).then(handlersByRoute));
  for (const key of group.routes) {
    const { method, path } = fullRoute(group, key);
    app.on(method, path, async (c, next) => {
      const chain = (await chains()).get(key);
      if (!chain) throw new Error(`Route group at ${group.base} does not serve ${key}, though its manifest says so`);
      return runChain(c, chain, next);
    });
  }
}

/** A group's handlers by route (`GET /units/:unitId`), in order: role check, validators, handler. */
export function handlersByRoute(router: Hono<AppEnv>): Map<string, MiddlewareHandler<AppEnv>[]> {
  // Checked rather than assumed: a group's own middleware or error handler would not run when mounted this way.
  if ((router as unknown as { errorHandler: unknown }).errorHandler !== (new Hono() as unknown as { errorHandler: unknown }).errorHandler)
    throw new Error('A lazily mounted route group may not have its own error handler: the app\'s handles its errors');
  const byRoute = new Map<string, MiddlewareHandler<AppEnv>[]>();
  for (const r of router.routes) {
    if (r.method === 'ALL')
      throw new Error(`A lazily mounted route group may not have middleware of its own (${r.path}): it would not run`);
    const key = `${r.method} ${r.path}`;
    byRoute.set(key, [...(byRoute.get(key) ?? []), r.handler as MiddlewareHandler<AppEnv>]);
  }
  return byRoute;
}

/** Runs handlers as Hono composes them (a returned response becomes the context's), then the app's next. */
async function runChain(c: Context<AppEnv>, chain: MiddlewareHandler<AppEnv>[], next: Next): Promise<Response | void> {
  const dispatch = async (i: number): Promise<void> => {
    if (i === chain.length) return next();
    const res = await chain[i](c, () => dispatch(i + 1));
    if (res && !c.finalized) c.res = res;
  };
  await dispatch(0);
  return c.finalized ? c.res : undefined;
}

/**
 * The console, imported on its first request and run as the app it is (its own middleware, error handler and
 * not-found page), with the request's deps and id; the caller it signed in and the route it matched come back for
 * the request's log line.
 */
function lazyConsole(): MiddlewareHandler<AppEnv> {
  type Host = Hono<AppEnv & { Bindings: { parent: Context<AppEnv> } }>;
  let host: Promise<Host> | undefined;
  const load = async (): Promise<Host> => {
    const { consoleRoutes } = await import('./console');
    const app: Host = new Hono();
    app.use('*', async (c, next) => {
      const parent = c.env.parent;
      c.set('deps', parent.var.deps);
      c.set('requestId', parent.var.requestId);
      await next();
      if (c.var.principal) parent.set('principal', c.var.principal);
      parent.set('routePath', c.req.routePath);
    });
    app.route('/console', consoleRoutes() as unknown as Host);
    return app;
  };
  return async (c) => (await (host ??= load())).fetch(c.req.raw, { ...c.env, parent: c });
}
