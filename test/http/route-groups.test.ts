/**
 * The app mounts its routes lazily from a static manifest (shared/http/route-groups.ts): the manifest must list
 * exactly the routes each group's module serves, in the order it registers them, or a route would be unreachable
 * (missing from the manifest), answer 500 (listed but not served), or be left out of a 405's Allow. The OpenAPI
 * document, built from the groups themselves, must hold every operation of the manifest and nothing else. And the
 * lazily mounted routes answer as before: path parameters, validation, 404 and 405 over every route, the console.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { handlersByRoute } from '../../shared/http/app';
import type { AppDeps } from '../../shared/http/env';
import { API_GROUPS, DOCS_GROUP, fullRoute, type RouteGroup } from '../../shared/http/route-groups';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
});

const GROUPS: [string, RouteGroup][] = [...Object.entries(API_GROUPS), ['docs', DOCS_GROUP]];

describe('the route manifest', () => {
  it.each(GROUPS)('lists exactly the routes group %s serves, in its order', async (_name, group) => {
    const router = await group.load(t.deps as AppDeps);
    // handlersByRoute also refuses a group with middleware or an error handler of its own, which would not run.
    expect([...handlersByRoute(router).keys()]).toEqual([...group.routes]);
  });

  it('names no route twice, across groups', () => {
    const all = GROUPS.flatMap(([, group]) => group.routes.map((key) => JSON.stringify(fullRoute(group, key))));
    expect(new Set(all).size).toBe(all.length);
  });

  it('is what /v1/openapi.json documents: every operation of every /v1 group, and the health route', async () => {
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const manifest = Object.values(API_GROUPS as Record<string, RouteGroup>).flatMap((group) =>
      group.routes.map((key) => {
        const { method, path } = fullRoute(group, key);
        return `${method} ${path.replace(/:(\w+)/g, '{$1}')}`;
      }),
    );
    expect(documented.sort()).toEqual([...manifest, 'GET /v1/health'].sort());
  });
});

describe('lazily mounted routes answer as before', () => {
  it('passes path parameters and runs validation in the route group', async () => {
    const unit = await t.call('hr', 'GET', `/v1/units/${ORG.office}`);
    expect(unit.status).toBe(200);
    expect(unit.body.id).toBe(ORG.office);
    const invalid = await t.call('hr', 'GET', '/v1/units/bad%20id');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('path.unitId');
  });

  it('answers 405 with Allow over every group, loaded or not', async () => {
    const res = await t.call('hr', 'PUT', '/v1/proposals/P1');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const tenure = await t.call('hr', 'DELETE', '/v1/officials/O1/tenure');
    expect(tenure.headers.get('allow')).toBe('GET, HEAD');
    expect((await t.call('hr', 'GET', '/v1/nowhere')).body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('runs the console as its own app, and logs the route it matched and who it signed in', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const capture = (line: string) => void lines.push(JSON.parse(String(line)));
    // What the logger would print, captured instead of written to stdout (as test/api/logs-without-input does).
    (logger as unknown as { console: Record<string, (line: string) => void> }).console = { info: capture, warn: capture, error: capture, debug: capture, log: capture, trace: capture };
    const app = createApp({ ...t.deps, logger });

    const signIn = await app.request('/console/sign-in');
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('content-security-policy')).toBeTruthy();
    // Not the API's problem+json for an unknown console path: the console's own answer.
    const missing = await app.request('/console/nowhere');
    expect(missing.headers.get('content-type') ?? '').not.toContain('problem+json');
    const token = await t.token('hr', [ORG.agency], 'console-logged');
    const page = await app.request('/console/proposals/P-none', { headers: { cookie: `__Host-lc_session=${token}` } });
    expect(page.status).toBe(404);

    const requests = lines.filter((l) => l.message === 'request');
    expect(requests.map((l) => [l.route, l.status])).toEqual([
      ['/console/sign-in', 200],
      ['/console/*', missing.status],
      ['/console/proposals/:id', 404],
    ]);
    expect(requests.at(-1)!.sub).toBe('console-logged');
  });
});

