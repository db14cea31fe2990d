import { z } from '@hono/zod-openapi';
import { listFlags } from '../../use-cases/list-flags';
import { actor, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import { clientId, isoDate, listQuery, TenureSchema } from '../schemas';

const FlagSchema = TenureSchema.extend({ fullName: z.string() }).openapi('Flag');

export function flagRoutes() {
  const app = newRouter();
  app.openapi(
    route(['hr', 'leader', 'auditor'], {
      method: 'get',
      path: '/tenure/flags',
      tags: ['Tenure'],
      summary: 'Every flagged official in scope, most overdue first',
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
    async (c) => send(c, await listFlags(useCaseDeps(c), actor(c), c.req.valid('query'))),
  );
  return app;
}
