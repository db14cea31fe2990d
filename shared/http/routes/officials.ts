import { z } from '@hono/zod-openapi';
import { expectedVersion } from '../../use-cases/context';
import { getTenure } from '../../use-cases/get-tenure';
import {
  createOfficial,
  getOfficial,
  listOfficials,
  presentOfficial,
  updateOfficial,
} from '../../use-cases/manage-officials';
import { createAssignment, listAssignments, updateAssignment } from '../../use-cases/record-assignment';
import { actor, jsonBody, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import {
  AssignmentCreate,
  AssignmentPatch,
  AssignmentSchema,
  clientId,
  idempotencyHeader,
  isoDate,
  listQuery,
  OfficialCreate,
  OfficialPatch,
  OfficialSchema,
  pageOf,
  TenureSchema,
} from '../schemas';

const tags = ['Officials'];
const officialParam = z.object({ officialId: clientId.openapi({ param: { name: 'officialId', in: 'path' } }) });
const assignmentParam = officialParam.extend({
  assignmentId: clientId.openapi({ param: { name: 'assignmentId', in: 'path' } }),
});
const readers = ['hr', 'leader', 'auditor'] as const;

export function officialRoutes() {
  const app = newRouter();

  app.openapi(
    route(['hr'], {
      method: 'post',
      path: '/officials',
      tags,
      summary: 'Record an official (công chức)',
      request: { ...jsonBody(OfficialCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(OfficialSchema, 'The created official') },
    }),
    async (c) => send(c, presentOfficial(await createOfficial(useCaseDeps(c), actor(c), c.req.valid('json'))), 201),
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/officials',
      tags,
      summary: 'List officials in your scope (filter by unit subtree, or by name / employee code with q)',
      request: {
        query: z.object({ unitId: clientId.optional(), q: z.string().trim().min(1).max(100).optional(), ...listQuery }),
      },
      responses: { 200: jsonResponse(pageOf(OfficialSchema, 'OfficialPage'), 'Officials') },
    }),
    async (c) => {
      const page = await listOfficials(useCaseDeps(c), actor(c), c.req.valid('query'));
      return send(c, { ...page, items: page.items.map(presentOfficial) });
    },
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/officials/{officialId}',
      tags,
      summary: 'Get an official, with the statutory and effective retirement dates',
      request: { params: officialParam },
      responses: { 200: jsonResponse(OfficialSchema, 'The official') },
    }),
    async (c) => send(c, presentOfficial(await getOfficial(useCaseDeps(c), actor(c), c.req.valid('param').officialId))),
  );

  app.openapi(
    route(['hr'], {
      method: 'patch',
      path: '/officials/{officialId}',
      tags,
      summary: 'Update an official',
      request: { params: officialParam, ...jsonBody(OfficialPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(OfficialSchema, 'The updated official') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      const official = await updateOfficial(useCaseDeps(c), actor(c), c.req.valid('param').officialId, body, version);
      return send(c, presentOfficial(official));
    },
  );

  app.openapi(
    route(['hr'], {
      method: 'post',
      path: '/officials/{officialId}/assignments',
      tags: ['Assignments'],
      summary: 'Record an assignment (overlapping primary assignments are a 409)',
      request: { params: officialParam, ...jsonBody(AssignmentCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(AssignmentSchema, 'The created assignment') },
    }),
    async (c) =>
      send(
        c,
        await createAssignment(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('json')),
        201,
      ),
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/officials/{officialId}/assignments',
      tags: ['Assignments'],
      summary: "An official's assignment history, oldest first",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(AssignmentSchema, 'AssignmentPage'), 'Assignments') },
    }),
    async (c) =>
      send(c, await listAssignments(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('query'))),
  );

  app.openapi(
    route(['hr'], {
      method: 'patch',
      path: '/officials/{officialId}/assignments/{assignmentId}',
      tags: ['Assignments'],
      summary: 'Correct or close an assignment (send endDate to close it; null reopens)',
      request: { params: assignmentParam, ...jsonBody(AssignmentPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(AssignmentSchema, 'The updated assignment') },
    }),
    async (c) => {
      const { officialId, assignmentId } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return send(c, await updateAssignment(useCaseDeps(c), actor(c), officialId, assignmentId, body, version));
    },
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/officials/{officialId}/tenure',
      tags: ['Tenure'],
      summary: 'Tenure in the current duty as of a date (default: today in Asia/Ho_Chi_Minh)',
      request: { params: officialParam, query: z.object({ asOf: isoDate.optional() }) },
      responses: { 200: jsonResponse(TenureSchema, 'Tenure, reasons and exemptions') },
    }),
    async (c) =>
      send(c, await getTenure(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('query').asOf)),
  );

  return app;
}
