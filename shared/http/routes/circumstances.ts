import { z } from '@hono/zod-openapi';
import {
  deleteCircumstance,
  listCircumstances,
  presentCircumstance,
  recordCircumstance,
  updateCircumstance,
} from '../../use-cases/record-circumstance';
import { expectedVersion, jsonBody, jsonResponse, newRouter, requiredVersion, respond, route } from '../routing';
import {
  CircumstanceCreate,
  CircumstancePatch,
  CircumstanceSchema,
  clientId,
  deleteHeaders,
  idempotencyHeader,
  listQuery,
  pageOf,
} from '../schemas';

const tags = ['Circumstances'];
const officialParam = z.object({ officialId: clientId.openapi({ param: { name: 'officialId', in: 'path' } }) });
const circumstanceParam = officialParam.extend({
  circumstanceId: clientId.openapi({ param: { name: 'circumstanceId', in: 'path' } }),
});

export function circumstanceRoutes() {
  const app = newRouter();

  app.openapi(
    route('recordCircumstance', {
      method: 'post',
      path: '/officials/{officialId}/circumstances',
      tags,
      summary: 'Record a circumstance that defers or exempts rotation (Decree 59/2019/NĐ-CP art. 38-39)',
      request: { params: officialParam, ...jsonBody(CircumstanceCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(CircumstanceSchema, 'The recorded circumstance') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => recordCircumstance(deps, actor, c.req.valid('param').officialId, c.req.valid('json')),
        (circumstance) => ({ status: 201, body: presentCircumstance(circumstance) }),
      ),
  );

  app.openapi(
    route('listCircumstances', {
      method: 'get',
      path: '/officials/{officialId}/circumstances',
      tags,
      summary: "An official's circumstances, latest first",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(CircumstanceSchema, 'CircumstancePage'), 'Circumstances') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listCircumstances(deps, actor, c.req.valid('param').officialId, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(presentCircumstance) } }),
      ),
  );

  app.openapi(
    route('updateCircumstance', {
      method: 'patch',
      path: '/officials/{officialId}/circumstances/{circumstanceId}',
      tags,
      summary: 'Close or correct a circumstance (e.g. set `to` when a review ends)',
      request: { params: circumstanceParam, ...jsonBody(CircumstancePatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(CircumstanceSchema, 'The updated circumstance') },
    }),
    (c) => {
      const { officialId, circumstanceId } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updateCircumstance(deps, actor, officialId, circumstanceId, body, version),
        (circumstance) => ({ status: 200, body: presentCircumstance(circumstance) }),
      );
    },
  );

  app.openapi(
    route('deleteCircumstance', {
      method: 'delete',
      path: '/officials/{officialId}/circumstances/{circumstanceId}',
      tags,
      summary: 'Void a circumstance entered by mistake (If-Match: the version read); audited, exemptions recomputed',
      request: { params: circumstanceParam, headers: deleteHeaders },
      responses: { 204: { description: 'Voided' } },
    }),
    (c) => {
      const { officialId, circumstanceId } = c.req.valid('param');
      const version = requiredVersion(c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => deleteCircumstance(deps, actor, officialId, circumstanceId, version),
        () => ({ status: 204 }),
      );
    },
  );

  return app;
}
