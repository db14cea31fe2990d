import { z } from '@hono/zod-openapi';
import { getTenure } from '../../use-cases/get-tenure';
import {
  createOfficial,
  getOfficial,
  listOfficials,
  presentOfficial,
  updateOfficial,
} from '../../use-cases/manage-officials';
import {
  createAssignment,
  deleteAssignment,
  listAssignments,
  updateAssignment,
} from '../../use-cases/record-assignment';
import { expectedVersion, jsonBody, jsonResponse, newRouter, requiredVersion, respond, route } from '../routing';
import {
  AssignmentCreate,
  AssignmentPatch,
  AssignmentSchema,
  clientId,
  deleteHeaders,
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

export function officialRoutes() {
  const app = newRouter();

  app.openapi(
    route('createOfficial', {
      method: 'post',
      path: '/officials',
      tags,
      summary: 'Record an official (công chức)',
      request: { ...jsonBody(OfficialCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(OfficialSchema, 'The created official') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => createOfficial(deps, actor, c.req.valid('json')),
        (official) => ({ status: 201, body: presentOfficial(official) }),
      ),
  );

  app.openapi(
    route('listOfficials', {
      method: 'get',
      path: '/officials',
      tags,
      summary: 'List officials in your scope (filter by unit subtree, or by name / employee code with q)',
      request: {
        query: z.object({ unitId: clientId.optional(), q: z.string().trim().min(1).max(100).optional(), ...listQuery }),
      },
      responses: { 200: jsonResponse(pageOf(OfficialSchema, 'OfficialPage'), 'Officials') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listOfficials(deps, actor, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(presentOfficial) } }),
      ),
  );

  app.openapi(
    route('getOfficial', {
      method: 'get',
      path: '/officials/{officialId}',
      tags,
      summary: 'Get an official, with the statutory and effective retirement dates',
      request: { params: officialParam },
      responses: { 200: jsonResponse(OfficialSchema, 'The official') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => getOfficial(deps, actor, c.req.valid('param').officialId),
        (official) => ({ status: 200, body: presentOfficial(official) }),
      ),
  );

  app.openapi(
    route('updateOfficial', {
      method: 'patch',
      path: '/officials/{officialId}',
      tags,
      summary: 'Update an official; leftOn + leftReason record leaving service and close the open assignment on leftOn',
      request: { params: officialParam, ...jsonBody(OfficialPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(OfficialSchema, 'The updated official') },
    }),
    (c) => {
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updateOfficial(deps, actor, c.req.valid('param').officialId, body, version),
        (official) => ({ status: 200, body: presentOfficial(official) }),
      );
    },
  );

  app.openapi(
    route('createAssignment', {
      method: 'post',
      path: '/officials/{officialId}/assignments',
      tags: ['Assignments'],
      summary: 'Record an assignment (overlapping primary assignments are a 409)',
      request: { params: officialParam, ...jsonBody(AssignmentCreate), headers: idempotencyHeader },
      responses: { 201: jsonResponse(AssignmentSchema, 'The created assignment') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => createAssignment(deps, actor, c.req.valid('param').officialId, c.req.valid('json')),
        (assignment) => ({ status: 201, body: assignment }),
      ),
  );

  app.openapi(
    route('listAssignments', {
      method: 'get',
      path: '/officials/{officialId}/assignments',
      tags: ['Assignments'],
      summary: "An official's assignment history, oldest first",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(AssignmentSchema, 'AssignmentPage'), 'Assignments') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listAssignments(deps, actor, c.req.valid('param').officialId, c.req.valid('query')),
        (page) => ({ status: 200, body: page }),
      ),
  );

  app.openapi(
    route('updateAssignment', {
      method: 'patch',
      path: '/officials/{officialId}/assignments/{assignmentId}',
      tags: ['Assignments'],
      summary: 'Correct or close an assignment (send endDate to close it; null reopens)',
      request: { params: assignmentParam, ...jsonBody(AssignmentPatch), headers: idempotencyHeader },
      responses: { 200: jsonResponse(AssignmentSchema, 'The updated assignment') },
    }),
    (c) => {
      const { officialId, assignmentId } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updateAssignment(deps, actor, officialId, assignmentId, body, version),
        (assignment) => ({ status: 200, body: assignment }),
      );
    },
  );

  app.openapi(
    route('deleteAssignment', {
      method: 'delete',
      path: '/officials/{officialId}/assignments/{assignmentId}',
      tags: ['Assignments'],
      summary: 'Void an assignment entered by mistake (If-Match: the version read); audited, tenure recomputed',
      request: { params: assignmentParam, headers: deleteHeaders },
      responses: { 204: { description: 'Voided' } },
    }),
    (c) => {
      const { officialId, assignmentId } = c.req.valid('param');
      const version = requiredVersion(c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => deleteAssignment(deps, actor, officialId, assignmentId, version),
        () => ({ status: 204 }),
      );
    },
  );

  app.openapi(
    route('getTenure', {
      method: 'get',
      path: '/officials/{officialId}/tenure',
      tags: ['Tenure'],
      summary: 'Tenure in the current duty as of a date (default: today in Asia/Ho_Chi_Minh)',
      request: { params: officialParam, query: z.object({ asOf: isoDate.optional() }) },
      responses: { 200: jsonResponse(TenureSchema, 'Tenure, reasons and exemptions') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => getTenure(deps, actor, c.req.valid('param').officialId, c.req.valid('query').asOf),
        (tenure) => ({ status: 200, body: tenure }),
      ),
  );

  return app;
}
