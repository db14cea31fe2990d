/**
 * The Hono app, the same in AWS Lambda, the local server and tests. Order of middleware:
 * request id and log line -> authentication (all of /v1 but health and the OpenAPI document) -> idempotency
 * (writes with an Idempotency-Key) -> routes. Every error leaves as problem+json.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { docsRoutes } from './docs';
import type { AppDeps, AppEnv } from './env';
import { problem, problemFromError, problemResponse } from './problem';
import { assessmentRoutes } from './routes/assessments';
import { auditRoutes } from './routes/audit';
import { circumstanceRoutes } from './routes/circumstances';
import { flagRoutes } from './routes/flags';
import { officialRoutes } from './routes/officials';
import { positionRoutes } from './routes/positions';
import { unitRoutes } from './routes/units';
import { newRouter } from './routing';

const PUBLIC_PATHS = new Set(['/v1/health', '/v1/openapi.json']);
/** An in-progress claim older than this is taken over by a retry (the first attempt died). */
const IDEMPOTENCY_LEASE_SECONDS = 60;
/** JSON bodies are small records; anything larger is a mistake (or an attack), refused before it is read. */
const MAX_BODY_BYTES = 256 * 1024;

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', requestContext(deps));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problemResponse(c, problem(413, `Nội dung yêu cầu vượt quá ${MAX_BODY_BYTES / 1024} KB`)),
    }),
  );
  app.use('/v1/*', authenticate(deps));
  app.use('/v1/*', idempotency(deps));

  const v1 = newRouter();
  v1.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Health'],
      summary: 'Liveness, without a token',
      responses: { 200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  v1.route('/', unitRoutes());
  v1.route('/', positionRoutes());
  v1.route('/', officialRoutes());
  v1.route('/', circumstanceRoutes());
  v1.route('/', assessmentRoutes());
  v1.route('/', flagRoutes());
  v1.route('/', auditRoutes());
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
        'Tenure in one duty, assessments and rotation proposals for provincial civil servants ' +
        '(Directive 10/CT-UBND, Decree 59/2019/NĐ-CP, Decree 90/2020/NĐ-CP). Errors are application/problem+json.',
    },
  });
  if (deps.readDocsAsset) app.route('/docs', docsRoutes(deps.readDocsAsset));

  app.notFound((c) => problemResponse(c, problem(404, `Không có đường dẫn ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    const { problem: body, unexpected } = problemFromError(error);
    if (unexpected) deps.logger.error('unhandled error', { error: error as Error, requestId: c.get('requestId') });
    return problemResponse(c, { ...body, instance: c.get('requestId') });
  });
  return app;
}

function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const event = c.env?.event as { requestContext?: { requestId?: string } } | undefined;
    const requestId = event?.requestContext?.requestId ?? c.req.header('x-request-id') ?? randomUUID();
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
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    c.set('principal', await deps.authenticator(c));
    await next();
  };
}

/**
 * Idempotency-Key on writes (DESIGN.md section 4): the first successful response is stored for 24 hours and
 * replayed for the same key and body; the same key with another body is a 422; a concurrent duplicate is a 409.
 * Failed requests release the key so the client may retry.
 */
function idempotency(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (!key || !['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
    if (key.length > 128)
      return problemResponse(c, problem(400, 'Idempotency-Key dài tối đa 128 ký tự', { code: 'BAD_IDEMPOTENCY_KEY' }));
    const scopedKey = `${c.get('principal').sub}#${key}`;
    const hash = await requestHash(c);
    const existing = await deps.idempotency.begin(scopedKey, hash, IDEMPOTENCY_LEASE_SECONDS);
    if (existing) {
      if (existing.requestHash !== hash)
        return problemResponse(
          c,
          problem(422, 'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khoá mới', {
            code: 'IDEMPOTENCY_KEY_REUSED',
          }),
        );
      if (existing.status !== 'completed' || !existing.response)
        return problemResponse(
          c,
          problem(409, 'Yêu cầu với Idempotency-Key này đang được xử lý', { code: 'IDEMPOTENCY_IN_PROGRESS' }),
        );
      return c.body(existing.response.body, existing.response.status as 200, {
        'content-type': existing.response.contentType,
        'idempotent-replayed': 'true',
      });
    }
    try {
      await next();
    } catch (error) {
      await deps.idempotency.release(scopedKey);
      throw error;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      const body = await c.res.clone().text();
      await deps.idempotency.complete(scopedKey, {
        status: c.res.status,
        body,
        contentType: c.res.headers.get('content-type') ?? 'application/json',
      });
    } else {
      await deps.idempotency.release(scopedKey);
    }
  };
}

async function requestHash(c: Context<AppEnv>): Promise<string> {
  const body = await c.req.text();
  return createHash('sha256').update(`${c.req.method} ${c.req.path}?${new URL(c.req.url).search}\n${body}`).digest('hex');
}
