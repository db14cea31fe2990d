import { z } from '@hono/zod-openapi';
import { readAudit } from '../../use-cases/read-audit';
import { actor, jsonResponse, newRouter, route, send, useCaseDeps } from '../routing';
import { AuditSchema, listQuery, pageOf } from '../schemas';

export function auditRoutes() {
  const app = newRouter();
  app.openapi(
    route(['auditor', 'admin'], {
      method: 'get',
      path: '/audit',
      tags: ['Audit'],
      summary: "Who changed what, when, before and after: an entity's records and its children's, newest first",
      request: { query: z.object({ entityId: z.string().min(1).max(100), ...listQuery }) },
      responses: { 200: jsonResponse(pageOf(AuditSchema, 'AuditPage'), 'Audit records') },
    }),
    async (c) => send(c, await readAudit(useCaseDeps(c), actor(c), c.req.valid('query'))),
  );
  return app;
}
