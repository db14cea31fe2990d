import { z } from '@hono/zod-openapi';
import { readDashboard } from '../../use-cases/read-dashboard';
import { jsonResponse, newRouter, respond, route } from '../routing';
import { clientId, isoDate } from '../schemas';

const Counts = z
  .object({
    overdue: z.number().int().openapi({ description: 'Tenure status overdue (10 years, or a sensitive post past its period)' }),
    approaching: z.number().int().openapi({ description: 'Tenure status approaching (within the warning window)' }),
    rotationDue: z.number().int().openapi({ description: 'Reason PERIODIC_ROTATION_DUE (also counted as overdue)' }),
    notMeetingRequirements: z
      .number()
      .int()
      .openapi({ description: 'Reason NOT_MEETING_REQUIREMENTS, DISMISSAL_REVIEW or DEMOTION_REVIEW' }),
    exempt: z.number().int().openapi({ description: 'Flagged with an exemption in force' }),
    flagged: z.number().int().openapi({ description: 'Flagged officials (each once, whatever figures they count in)' }),
  })
  .openapi('DashboardCounts');

const DueOfficial = z
  .object({
    officialId: z.string(),
    fullName: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    positionTitle: z.string().nullable(),
    dueDate: z.string(),
    limitMonths: z.number().int().nullable(),
  })
  .openapi('DueOfficial');

const DashboardSchema = z
  .object({
    asOf: z.string(),
    unitId: z.string().optional(),
    units: z.array(
      z.object({
        unitId: z.string(),
        unitName: z.string(),
        parentRowId: z.string().nullable(),
        depth: z.number().int(),
        counts: Counts,
      }),
    ),
    totals: Counts,
    horizon: z.object({ from: z.string(), through: z.string() }),
    dueByMonth: z.array(z.object({ month: z.string().openapi({ example: '2026-08' }), count: z.number().int(), officials: z.array(DueOfficial) })),
  })
  .openapi('Dashboard');

export function dashboardRoutes() {
  const app = newRouter();
  app.openapi(
    route('readDashboard', {
      method: 'get',
      path: '/dashboard',
      tags: ['Tenure'],
      summary: 'Figures of the scope as of a date: per unit (its subtree) and in total, and the due dates of the next 24 months',
      description:
        'Each unit figure equals the length of the flags list for that unit and status (overdue, approaching) or reason ' +
        'group. A unit out of scope is a 404, like a missing one. Reads only the sparse flag and due-date indexes.',
      request: {
        query: z.object({ asOf: isoDate.optional(), unitId: clientId.optional() }),
      },
      responses: { 200: jsonResponse(DashboardSchema, 'The dashboard') },
    }),
    (c) => respond(c, (deps, actor) => readDashboard(deps, actor, c.req.valid('query')), (body) => ({ status: 200, body })),
  );
  return app;
}
