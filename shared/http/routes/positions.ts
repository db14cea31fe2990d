import { z } from '@hono/zod-openapi';
import { createPosition, getPosition, listPositions, updatePosition } from '../../use-cases/manage-positions';
import { expectedVersion, jsonBody, jsonResponse, newRouter, respond, route } from '../routing';
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
    route('createPosition', {
      method: 'post',
      path: '/positions',
      tags,
      summary: 'Create a position (vị trí việc làm) in a unit',
      request: { ...jsonBody(PositionCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(PositionSchema, 'The created position') },
    }),
    (c) =>
      respond(c, (deps, actor) => createPosition(deps, actor, c.req.valid('json')), (position) => ({ status: 201, body: position })),
  );

  app.openapi(
    route('listPositions', {
      method: 'get',
      path: '/positions',
      tags,
      summary: 'List positions in your scope (optionally a unit subtree)',
      request: { query: z.object({ unitId: clientId.optional(), ...listQuery }) },
      responses: { 200: jsonResponse(pageOf(PositionSchema, 'PositionPage'), 'Positions') },
    }),
    (c) => respond(c, (deps, actor) => listPositions(deps, actor, c.req.valid('query')), (page) => ({ status: 200, body: page })),
  );

  app.openapi(
    route('getPosition', {
      method: 'get',
      path: '/positions/{positionId}',
      tags,
      summary: 'Get a position',
      request: { params: idParam },
      responses: { 200: jsonResponse(PositionSchema, 'The position') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => getPosition(deps, actor, c.req.valid('param').positionId),
        (position) => ({ status: 200, body: position }),
      ),
  );

  app.openapi(
    route('updatePosition', {
      method: 'patch',
      path: '/positions/{positionId}',
      tags,
      summary: 'Update a position (its unit cannot change)',
      request: { params: idParam, ...jsonBody(PositionPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(PositionSchema, 'The updated position') },
    }),
    (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updatePosition(deps, actor, c.req.valid('param').positionId, body, version),
        (position) => ({ status: 200, body: position }),
      );
    },
  );

  return app;
}
