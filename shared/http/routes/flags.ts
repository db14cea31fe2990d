import { z } from '@hono/zod-openapi';
import { listFlags } from '../../use-cases/list-flags';
import { jsonResponse, newRouter, respond, route } from '../routing';
import { clientId, isoDate, listQuery, TenureSchema } from '../schemas';

const FlagSchema = TenureSchema.extend({
  fullName: z.string(),
  unitName: z.string().nullable(),
  positionTitle: z.string().nullable(),
  severity: z.enum(['high', 'medium']).openapi({ description: 'high: act now (overdue, not meeting requirements); medium: approaching' }),
  severityLabel: z.string().openapi({ example: 'Cần xử lý' }),
  reasonCodes: z.array(z.string()),
}).openapi('Flag');

export function flagRoutes() {
  const app = newRouter();
  app.openapi(
    route('listFlags', {
      method: 'get',
      path: '/tenure/flags',
      tags: ['Tenure'],
      summary: 'Every flagged official in scope, most overdue first (officials who left service are not flagged)',
      request: {
        query: z.object({
          asOf: isoDate.optional(),
          unitId: clientId.optional(),
          status: z.enum(['ok', 'approaching', 'overdue']).optional(),
          ...listQuery,
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ asOf: z.string(), items: z.array(FlagSchema), nextCursor: z.string().optional() }).openapi('FlagPage'),
          'Flags',
        ),
      },
    }),
    (c) => respond(c, (deps, actor) => listFlags(deps, actor, c.req.valid('query')), (page) => ({ status: 200, body: page })),
  );
  return app;
}
