import { z } from '@hono/zod-openapi';
import { expectedVersion } from '../../use-cases/context';
import {
  listCircumstances,
  presentCircumstance,
  recordCircumstance,
  updateCircumstance,
} from '../../use-cases/record-circumstance';
import { actor, jsonBody, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import {
  CircumstanceCreate,
  CircumstancePatch,
  CircumstanceSchema,
  clientId,
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
    route(['hr'], {
      method: 'post',
      path: '/officials/{officialId}/circumstances',
      tags,
      summary: 'Record a circumstance that defers or exempts rotation (Decree 59/2019/NĐ-CP art. 38-39)',
      request: { params: officialParam, ...jsonBody(CircumstanceCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(CircumstanceSchema, 'The recorded circumstance') },
    }),
    async (c) => {
      const created = await recordCircumstance(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('json'));
      return send(c, presentCircumstance(created), 201);
    },
  );

  app.openapi(
    route(['hr', 'leader', 'auditor'], {
      method: 'get',
      path: '/officials/{officialId}/circumstances',
      tags,
      summary: "An official's circumstances, latest first",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(CircumstanceSchema, 'CircumstancePage'), 'Circumstances') },
    }),
    async (c) => {
      const page = await listCircumstances(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('query'));
      return send(c, { ...page, items: page.items.map(presentCircumstance) });
    },
  );

  app.openapi(
    route(['hr'], {
      method: 'patch',
      path: '/officials/{officialId}/circumstances/{circumstanceId}',
      tags,
      summary: 'Close or correct a circumstance (e.g. set `to` when a review ends)',
      request: { params: circumstanceParam, ...jsonBody(CircumstancePatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(CircumstanceSchema, 'The updated circumstance') },
    }),
    async (c) => {
      const { officialId, circumstanceId } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      const updated = await updateCircumstance(useCaseDeps(c), actor(c), officialId, circumstanceId, body, version);
      return send(c, presentCircumstance(updated));
    },
  );

  return app;
}
