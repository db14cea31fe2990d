import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/types';
import { expectedVersion } from '../../use-cases/context';
import { createPosition, getPosition, listPositions, updatePosition } from '../../use-cases/manage-positions';
import { actor, jsonBody, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import {
  clientId,
  idempotencyHeader,
  listQuery,
  pageOf,
  PositionCreate,
  PositionPatch,
  PositionSchema,
} from '../schemas';

const tags = ['Positions'];
const idParam = z.object({ positionId: clientId.openapi({ param: { name: 'positionId', in: 'path' } }) });

export function positionRoutes() {
  const app = newRouter();

  app.openapi(
    route(['admin'], {
      method: 'post',
      path: '/positions',
      tags,
      summary: 'Create a position (vị trí việc làm)',
      request: { ...jsonBody(PositionCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(PositionSchema, 'The created position') },
    }),
    async (c) => send(c, await createPosition(useCaseDeps(c), actor(c), c.req.valid('json')), 201),
  );

  app.openapi(
    route([...ROLES], {
      method: 'get',
      path: '/positions',
      tags,
      summary: 'List positions in your scope, optionally in one unit subtree',
      request: { query: z.object({ unitId: clientId.optional(), ...listQuery }) },
      responses: { 200: jsonResponse(pageOf(PositionSchema, 'PositionPage'), 'Positions') },
    }),
    async (c) => send(c, await listPositions(useCaseDeps(c), actor(c), c.req.valid('query'))),
  );

  app.openapi(
    route([...ROLES], {
      method: 'get',
      path: '/positions/{positionId}',
      tags,
      summary: 'Get a position',
      request: { params: idParam },
      responses: { 200: jsonResponse(PositionSchema, 'The position') },
    }),
    async (c) => send(c, await getPosition(useCaseDeps(c), actor(c), c.req.valid('param').positionId)),
  );

  app.openapi(
    route(['admin'], {
      method: 'patch',
      path: '/positions/{positionId}',
      tags,
      summary: 'Update a position (its unit cannot change)',
      request: { params: idParam, ...jsonBody(PositionPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(PositionSchema, 'The updated position') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return send(c, await updatePosition(useCaseDeps(c), actor(c), c.req.valid('param').positionId, body, version));
    },
  );

  return app;
}
