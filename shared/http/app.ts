/**
 * The Hono app, the same in AWS Lambda, the local server and tests. Order of middleware:
 * request id and log line -> body limit -> authentication (all of /v1 but the public routes of
 * shared/auth-contract.ts) -> idempotency (writes with an Idempotency-Key) -> routes. Every error of the API leaves
 * as problem+json, including an unknown path (404), a known path with another method (405 with Allow), a body over
 * the limit (413) and the framework's own refusals (malformed JSON, 415). `/docs` and the console (`/console`, its
 * own session, CSRF and HTML error pages: ./console) carry the browser security headers of ./security-headers.ts.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PatternRouter } from 'hono/router/pattern-router';
import { isPublicRoute } from '../auth-contract';
import { consoleRoutes } from './console';
import { docsRoutes } from './docs';
import type { AppDeps, AppEnv } from './env';
import { problem, problemFromError, problemResponse } from './problem';
import { alertRoutes } from './routes/alerts';
import { assessmentRoutes } from './routes/assessments';
import { auditRoutes } from './routes/audit';
import { circumstanceRoutes } from './routes/circumstances';
import { dashboardRoutes } from './routes/dashboard';
import { flagRoutes } from './routes/flags';
import { importRoutes, importUploadLimit, isImportUpload } from './routes/imports';
import { officialRoutes } from './routes/officials';
import { positionRoutes } from './routes/positions';
import { proposalDocumentRoutes } from './routes/proposal-documents';
import { proposalRoutes } from './routes/proposals';
import { unitRoutes } from './routes/units';
import { idempotency } from './idempotency';
import { requestValues, safeError } from './log-safety';
import { newRouter } from './routing';
import { DOCS_CSP, securityHeaders } from './security-headers';

/** JSON bodies are small records; anything larger is a mistake (or an attack), refused before it is read. */
const MAX_BODY_BYTES = 256 * 1024;
/**
 * A client's x-request-id goes into logs and audit records only when it looks like an id: bounded, and no characters
 * that could forge a log line or a key. Anything else is replaced by a generated one.
 */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:=+-]{1,128}$/;

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

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
  // An import's upload has its own, larger limit (routes/imports.ts), applied in this one's place.
  app.use('/v1/*', (c, next) => (isImportUpload(c.req.method, c.req.path) ? next() : generalBodyLimit(c, next)));
  app.use('/v1/*', importUploadLimit());
  app.use('/v1/*', authenticate(deps));
  app.use('/v1/*', idempotency(deps));

  const v1 = newRouter();
  v1.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Health'],
      operationId: 'getHealth',
      summary: 'Liveness, without a token',
      security: [],
      responses: {
        200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
        // The only refusal a public GET can meet, and it comes from API Gateway, not from this app.
        429: { description: "Too many requests: API Gateway's stage throttle (in AWS)" },
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  v1.route('/', unitRoutes());
  v1.route('/', positionRoutes());
  v1.route('/', officialRoutes());
  v1.route('/', circumstanceRoutes());
  v1.route('/', assessmentRoutes());
  v1.route('/', flagRoutes());
  v1.route('/', dashboardRoutes());
  v1.route('/', auditRoutes());
  v1.route('/', proposalRoutes());
  v1.route('/', proposalDocumentRoutes());
  v1.route('/', alertRoutes());
  v1.route('/', importRoutes());
  app.route('/v1', v1);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Locally: `npm run token -- --role hr --units U1`. In AWS: the Cognito ID token.',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'luanchuyen API',
      version: '1.0.0',
      description:
        'Tenure in one duty, assessments and circumstances of provincial civil servants ' +
        '(Directive 10/CT-UBND, Decree 59/2019/NĐ-CP, Decree 90/2020/NĐ-CP, Decree 335/2025/NĐ-CP). ' +
        'Errors are application/problem+json with a stable `code` and the request id as `instance`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as { name: string },
    },
    // Relative: the document is served by the API it describes, wherever that sits (a stage, a proxy, localhost).
    servers: [{ url: '/', description: 'The server that serves this document' }],
  });
  if (deps.readDocsAsset) {
    app.use('/docs', securityHeaders({ csp: DOCS_CSP }));
    app.use('/docs/*', securityHeaders({ csp: DOCS_CSP }));
    app.route('/docs', docsRoutes(deps.readDocsAsset));
  }
  // The console: its own pages, session, CSRF and headers (./console). It is not part of the OpenAPI document.
  app.route('/console', consoleRoutes() as unknown as OpenAPIHono<AppEnv>);

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
 * first use from the routes registered by then, which is all of them once a request arrives.
 */
function methodsByPath(app: OpenAPIHono<AppEnv>): (path: string) => string[] {
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
      route: c.req.routePath,
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

