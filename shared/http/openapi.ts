/**
 * /v1/openapi.json: every operation of the API, built from the route groups' own definitions (their zod schemas),
 * so the document describes exactly what the routes validate. It imports every group, which is why the app loads
 * this module on the document's first request only; the document is built once.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from './env';
import { API_GROUPS, type RouteGroup } from './route-groups';
import { newRouter } from './routing';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
let built: Promise<Document> | undefined;

/** The health route as documented; the app answers it without loading this module (./app.ts). */
export const healthRoute = createRoute({
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
});

export function openApiDocument(deps: AppDeps): Promise<Document> {
  return (built ??= build(deps).catch((error: unknown) => {
    built = undefined;
    throw error;
  }));
}

async function build(deps: AppDeps): Promise<Document> {
  const app = new OpenAPIHono<AppEnv>();
  const v1 = newRouter();
  v1.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  const groups = await Promise.all((Object.values(API_GROUPS) as RouteGroup[]).map((group) => group.load(deps)));
  for (const routes of groups) v1.route('/', routes as OpenAPIHono<AppEnv>);
  app.route('/v1', v1);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Locally: `npm run token -- --role hr --units U1`. In AWS: the Cognito ID token.',
  });
  return app.getOpenAPI31Document({
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
}
