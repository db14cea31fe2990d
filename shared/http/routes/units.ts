import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/types';
import { expectedVersion } from '../../use-cases/context';
import { createUnit, getUnit, listUnits, updateUnit } from '../../use-cases/manage-units';
import { actor, jsonBody, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import { clientId, idempotencyHeader, listQuery, pageOf, UnitCreate, UnitPatch, UnitSchema } from '../schemas';

const tags = ['Units'];
const idParam = z.object({ unitId: clientId.openapi({ param: { name: 'unitId', in: 'path' } }) });

export function unitRoutes() {
  const app = newRouter();

  app.openapi(
    route(['admin'], {
      method: 'post',
      path: '/units',
      tags,
      summary: 'Create a unit (đơn vị)',
      request: { ...jsonBody(UnitCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(UnitSchema, 'The created unit') },
    }),
    async (c) => send(c, await createUnit(useCaseDeps(c), actor(c), c.req.valid('json')), 201),
  );

  app.openapi(
    route([...ROLES], {
      method: 'get',
      path: '/units',
      tags,
      summary: 'List units in your scope',
      request: { query: z.object({ parentId: clientId.optional(), ...listQuery }) },
      responses: { 200: jsonResponse(pageOf(UnitSchema, 'UnitPage'), 'Units') },
    }),
    async (c) => send(c, await listUnits(useCaseDeps(c), actor(c), c.req.valid('query'))),
  );

  app.openapi(
    route([...ROLES], {
      method: 'get',
      path: '/units/{unitId}',
      tags,
      summary: 'Get a unit',
      request: { params: idParam },
      responses: { 200: jsonResponse(UnitSchema, 'The unit') },
    }),
    async (c) => send(c, await getUnit(useCaseDeps(c), actor(c), c.req.valid('param').unitId)),
  );

  app.openapi(
    route(['admin'], {
      method: 'patch',
      path: '/units/{unitId}',
      tags,
      summary: 'Update a unit (parentId cannot change: create a successor instead)',
      request: { params: idParam, ...jsonBody(UnitPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(UnitSchema, 'The updated unit') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return send(c, await updateUnit(useCaseDeps(c), actor(c), c.req.valid('param').unitId, body, version));
    },
  );

  return app;
}
