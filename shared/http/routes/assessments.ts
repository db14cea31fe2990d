import { z } from '@hono/zod-openapi';
import { PERIOD_FORMS } from '../../domain/assessment';
import { listAssessmentsForPeriod } from '../../use-cases/list-assessments';
import {
  deleteAssessment,
  listOfficialAssessments,
  presentAssessment,
  putAssessment,
} from '../../use-cases/record-assessment';
import { expectedVersion, jsonBody, jsonResponse, newRouter, requiredVersion, respond, route } from '../routing';
import {
  AssessmentPut,
  AssessmentSchema,
  clientId,
  deleteHeaders,
  idempotencyHeader,
  listQuery,
  pageOf,
  WarningSchema,
} from '../schemas';

const tags = ['Assessments'];
const officialParam = z.object({ officialId: clientId.openapi({ param: { name: 'officialId', in: 'path' } }) });
// The period's form is checked by the use case so the 400 can name the accepted forms in Vietnamese.
const period = z.string().min(1).max(10).openapi({ param: { name: 'period', in: 'path' }, example: '2026-Q3', description: PERIOD_FORMS });
const WarningWithAgency = WarningSchema.extend({ agencyId: z.string(), year: z.number().int() });

export function assessmentRoutes() {
  const app = newRouter();

  app.openapi(
    route('putAssessment', {
      method: 'put',
      path: '/officials/{officialId}/assessments/{period}',
      tags,
      summary: 'Record or update the assessment of a period (YYYY, YYYY-Qn, YYYY-MM); updates need the version',
      request: {
        params: officialParam.extend({ period }),
        ...jsonBody(AssessmentPut),
        headers: idempotencyHeader,
      },
      responses: {
        200: jsonResponse(AssessmentSchema.extend({ warnings: z.array(WarningWithAgency) }), 'Updated'),
        201: jsonResponse(AssessmentSchema.extend({ warnings: z.array(WarningWithAgency) }), 'Created'),
      },
    }),
    (c) => {
      const { officialId, period: periodText } = c.req.valid('param');
      const { version: bodyVersion, ...input } = c.req.valid('json');
      const version = expectedVersion(bodyVersion, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => putAssessment(deps, actor, officialId, periodText, input, version),
        (result) => ({
          status: result.created ? 201 : 200,
          body: { ...presentAssessment(result.assessment), warnings: result.warnings },
        }),
      );
    },
  );

  app.openapi(
    route('deleteAssessment', {
      method: 'delete',
      path: '/officials/{officialId}/assessments/{period}',
      tags,
      summary: "Void a period's assessment entered by mistake (If-Match: the version read); audited, flags recomputed",
      request: { params: officialParam.extend({ period }), headers: deleteHeaders },
      responses: { 204: { description: 'Voided' } },
    }),
    (c) => {
      const { officialId, period: periodText } = c.req.valid('param');
      const version = requiredVersion(c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => deleteAssessment(deps, actor, officialId, periodText, version),
        () => ({ status: 204 }),
      );
    },
  );

  app.openapi(
    route('listOfficialAssessments', {
      method: 'get',
      path: '/officials/{officialId}/assessments',
      tags,
      summary: "An official's assessments, newest first (they follow the official across units)",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(AssessmentSchema, 'AssessmentPage'), 'Assessments') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listOfficialAssessments(deps, actor, c.req.valid('param').officialId, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(presentAssessment) } }),
      ),
  );

  app.openapi(
    route('listAssessmentsForPeriod', {
      method: 'get',
      path: '/assessments',
      tags,
      summary: "One period's assessments of the officials now in a unit subtree, with the excellent-quota warning",
      request: {
        query: z.object({
          unitId: clientId.optional(),
          period: z.string().min(1).max(10).openapi({ description: PERIOD_FORMS }),
          ...listQuery,
        }),
      },
      responses: {
        200: jsonResponse(
          z
            .object({ items: z.array(AssessmentSchema), nextCursor: z.string().optional(), warnings: z.array(WarningWithAgency) })
            .openapi('PeriodAssessmentPage'),
          'Assessments',
        ),
      },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listAssessmentsForPeriod(deps, actor, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(presentAssessment) } }),
      ),
  );

  return app;
}
