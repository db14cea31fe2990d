/**
 * The app's routes by group, as a static manifest: each group is one module (a resource's routes under /v1, or the
 * Swagger UI page under /docs) that the app imports on the first request that needs it, and the method and path of
 * every route it serves, so that the app can route to a group, answer 404 and 405 (with `Allow` over every route)
 * without loading any. test/http/route-groups.test.ts loads every group and checks its routes against these lists,
 * so the manifest cannot drift from the routes. Paths are Hono's (`:param`), relative to the group's base.
 *
 * The `import()` calls below are what makes each group its own chunk in the Lambda bundle (esbuild splits at them);
 * nothing here imports a group's module statically.
 */
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from './env';

export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export interface RouteGroup {
  /** Where the group's paths are mounted. */
  base: '/v1' | '/docs';
  /** Every route the group's module serves, in the order it registers them. */
  routes: readonly RouteKey[];
  /** Imports the group's module and builds its router (its paths relative to `base`). */
  load(deps: AppDeps): Promise<Hono<AppEnv>>;
}

/** Under /v1, in the order they are mounted (and documented in /v1/openapi.json). */
export const API_GROUPS = {
  units: {
    base: '/v1',
    routes: ['POST /units', 'GET /units', 'GET /units/:unitId', 'PATCH /units/:unitId'],
    load: async () => (await import('./routes/units')).unitRoutes(),
  },
  positions: {
    base: '/v1',
    routes: ['POST /positions', 'GET /positions', 'GET /positions/:positionId', 'PATCH /positions/:positionId'],
    load: async () => (await import('./routes/positions')).positionRoutes(),
  },
  officials: {
    base: '/v1',
    routes: [
      'POST /officials',
      'GET /officials',
      'GET /officials/:officialId',
      'PATCH /officials/:officialId',
      'POST /officials/:officialId/assignments',
      'GET /officials/:officialId/assignments',
      'PATCH /officials/:officialId/assignments/:assignmentId',
      'DELETE /officials/:officialId/assignments/:assignmentId',
      'GET /officials/:officialId/tenure',
    ],
    load: async () => (await import('./routes/officials')).officialRoutes(),
  },
  circumstances: {
    base: '/v1',
    routes: [
      'POST /officials/:officialId/circumstances',
      'GET /officials/:officialId/circumstances',
      'PATCH /officials/:officialId/circumstances/:circumstanceId',
      'DELETE /officials/:officialId/circumstances/:circumstanceId',
    ],
    load: async () => (await import('./routes/circumstances')).circumstanceRoutes(),
  },
  assessments: {
    base: '/v1',
    routes: [
      'PUT /officials/:officialId/assessments/:period',
      'DELETE /officials/:officialId/assessments/:period',
      'GET /officials/:officialId/assessments',
      'GET /assessments',
    ],
    load: async () => (await import('./routes/assessments')).assessmentRoutes(),
  },
  flags: {
    base: '/v1',
    routes: ['GET /tenure/flags'],
    load: async () => (await import('./routes/flags')).flagRoutes(),
  },
  dashboard: {
    base: '/v1',
    routes: ['GET /dashboard'],
    load: async () => (await import('./routes/dashboard')).dashboardRoutes(),
  },
  audit: {
    base: '/v1',
    routes: ['GET /audit'],
    load: async () => (await import('./routes/audit')).auditRoutes(),
  },
  proposals: {
    base: '/v1',
    routes: [
      'POST /proposals',
      'GET /proposals',
      'GET /proposals/:proposalId',
      'PATCH /proposals/:proposalId/items/:itemId',
      'POST /proposals/:proposalId/submit',
      'POST /proposals/:proposalId/decisions',
      'POST /proposals/:proposalId/apply',
    ],
    load: async () => (await import('./routes/proposals')).proposalRoutes(),
  },
  proposalDocuments: {
    base: '/v1',
    routes: ['GET /proposals/:proposalId/export', 'GET /reports/unarranged'],
    load: async () => (await import('./routes/proposal-documents')).proposalDocumentRoutes(),
  },
  alerts: {
    base: '/v1',
    routes: ['POST /alerts/run', 'GET /alerts'],
    load: async () => (await import('./routes/alerts')).alertRoutes(),
  },
  imports: {
    base: '/v1',
    routes: ['POST /imports/:kind', 'GET /imports', 'GET /imports/templates/:kind', 'GET /exports/:kind'],
    load: async () => (await import('./routes/imports')).importRoutes(),
  },
} as const satisfies Record<string, RouteGroup>;

/** Swagger UI (mounted only when the app has its files: `deps.readDocsAsset`). */
export const DOCS_GROUP = {
  base: '/docs',
  routes: ['GET /', 'GET /:index{(?:index\\.html)?}', 'GET /assets/swagger-init.js', 'GET /assets/:file'],
  load: async (deps) => (await import('./docs')).docsRoutes(deps.readDocsAsset) as unknown as Hono<AppEnv>,
} as const satisfies RouteGroup;

export type ApiGroupName = keyof typeof API_GROUPS;

/** `GET /units/:unitId` in group `base` -> method and full path: `GET`, `/v1/units/:unitId` (`/docs` for `/`). */
export function fullRoute(group: Pick<RouteGroup, 'base'>, key: RouteKey): { method: string; path: string } {
  const space = key.indexOf(' ');
  const path = key.slice(space + 1);
  return { method: key.slice(0, space), path: path === '/' ? group.base : `${group.base}${path}` };
}
