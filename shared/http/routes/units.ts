import { z } from '@hono/zod-openapi';
import { createUnit, getUnit, listUnits, updateUnit } from '../../use-cases/manage-units';
import { expectedVersion, jsonBody, jsonResponse, newRouter, respond, route } from '../routing';
import { clientId, idempotencyHeader, listQuery, pageOf, UnitCreate, UnitPatch, UnitSchema } from '../schemas';

const tags = ['Units'];
const idParam = z.object({ unitId: clientId.openapi({ param: { name: 'unitId', in: 'path' } }) });

export function unitRoutes() {
  const app = newRouter();

  app.openapi(
    route('createUnit', {
      method: 'post',
      path: '/units',
      tags,
      summary: 'Create a unit (đơn vị)',
      request: { ...jsonBody(UnitCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(UnitSchema, 'The created unit') },
    }),
    (c) => respond(c, (deps, actor) => createUnit(deps, actor, c.req.valid('json')), (unit) => ({ status: 201, body: unit })),
  );

  app.openapi(
    route('listUnits', {
      method: 'get',
      path: '/units',
      tags,
      summary: 'List units in your scope',
      request: { query: z.object({ parentId: clientId.optional(), ...listQuery }) },
      responses: { 200: jsonResponse(pageOf(UnitSchema, 'UnitPage'), 'Units') },
    }),
    (c) => respond(c, (deps, actor) => listUnits(deps, actor, c.req.valid('query')), (page) => ({ status: 200, body: page })),
  );

  app.openapi(
    route('getUnit', {
      method: 'get',
      path: '/units/{unitId}',
      tags,
      summary: 'Get a unit',
      request: { params: idParam },
      responses: { 200: jsonResponse(UnitSchema, 'The unit') },
    }),
    (c) =>
      respond(c, (deps, actor) => getUnit(deps, actor, c.req.valid('param').unitId), (unit) => ({ status: 200, body: unit })),
  );

  app.openapi(
    route('updateUnit', {
      method: 'patch',
      path: '/units/{unitId}',
      tags,
      summary: 'Update a unit (parentId cannot change: create a successor instead)',
      request: { params: idParam, ...jsonBody(UnitPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(UnitSchema, 'The updated unit') },
    }),
    (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updateUnit(deps, actor, c.req.valid('param').unitId, body, version),
        (unit) => ({ status: 200, body: unit }),
      );
    },
  );

  return app;
}
