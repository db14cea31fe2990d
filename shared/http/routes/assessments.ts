import { z } from '@hono/zod-openapi';
import { PERIOD_FORMS } from '../../domain/assessment';
import { expectedVersion } from '../../use-cases/context';
import { listAssessmentsForPeriod } from '../../use-cases/list-assessments';
import { listOfficialAssessments, presentAssessment, putAssessment } from '../../use-cases/record-assessment';
import { actor, jsonBody, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import {
  AssessmentPut,
  AssessmentSchema,
  clientId,
  idempotencyHeader,
  listQuery,
  pageOf,
  WarningSchema,
} from '../schemas';

const tags = ['Assessments'];
const officialParam = z.object({ officialId: clientId.openapi({ param: { name: 'officialId', in: 'path' } }) });
// The period's form is checked by the use case so the 400 can name the accepted forms in Vietnamese.
const period = z.string().min(1).max(10).openapi({ param: { name: 'period', in: 'path' }, example: '2026-Q3', description: PERIOD_FORMS });
const readers = ['hr', 'leader', 'auditor'] as const;
const WarningWithAgency = WarningSchema.extend({ agencyId: z.string(), year: z.number().int() });

export function assessmentRoutes() {
  const app = newRouter();

  app.openapi(
    route(['hr'], {
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
    async (c) => {
      const { officialId, period: periodText } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(body.version, c.req.valid('header')['if-match']);
      const { version: _ignored, ...input } = body;
      const result = await putAssessment(useCaseDeps(c), actor(c), officialId, periodText, input, version);
      return send(c, { ...presentAssessment(result.assessment), warnings: result.warnings }, result.created ? 201 : 200);
    },
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/officials/{officialId}/assessments',
      tags,
      summary: "An official's assessments, newest first (they follow the official across units)",
      request: { params: officialParam, query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(AssessmentSchema, 'AssessmentPage'), 'Assessments') },
    }),
    async (c) => {
      const page = await listOfficialAssessments(useCaseDeps(c), actor(c), c.req.valid('param').officialId, c.req.valid('query'));
      return send(c, { ...page, items: page.items.map(presentAssessment) });
    },
  );

  app.openapi(
    route([...readers], {
      method: 'get',
      path: '/assessments',
      tags,
      summary: "One period's assessments of the officials now in a unit subtree, with the excellent-quota warning",
      request: {
        query: z.object({ unitId: clientId.optional(), period: z.string().min(1).max(10).openapi({ description: PERIOD_FORMS }), ...listQuery }),
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
    async (c) => {
      const page = await listAssessmentsForPeriod(useCaseDeps(c), actor(c), c.req.valid('query'));
      return send(c, { ...page, items: page.items.map(presentAssessment) });
    },
  );

  return app;
}
