import { z } from '@hono/zod-openapi';
import { AUDIT_ENTITY_TYPES } from '../../ports';
import { readAudit } from '../../use-cases/read-audit';
import { jsonResponse, newRouter, respond, route } from '../routing';
import { AuditSchema, isoDate, listQuery, pageOf } from '../schemas';

export function auditRoutes() {
  const app = newRouter();
  app.openapi(
    route('readAudit', {
      method: 'get',
      path: '/audit',
      tags: ['Audit'],
      summary:
        "Who changed what, when, before and after, newest first: an entity's records (entityId, with its children's), " +
        "an actor's (actor), or everything in your scope, between two dates (from, to)",
      request: {
        query: z.object({
          entityId: z.string().min(1).max(100).optional(),
          entityType: z.enum(AUDIT_ENTITY_TYPES).optional().openapi({
            description:
              "Only records of this type (with entityId: this type's partition, an official's with its children's). " +
              '`access`: who read sensitive personal data (assessments, circumstances); left out of the other lists',
          }),
          actor: z.string().min(1).max(128).optional().openapi({ description: "The actor's subject (sub)" }),
          from: isoDate.optional().openapi({ description: 'First day, Asia/Ho_Chi_Minh' }),
          to: isoDate.optional().openapi({ description: 'Last day, Asia/Ho_Chi_Minh' }),
          ...listQuery,
        }),
      },
      responses: { 200: jsonResponse(pageOf(AuditSchema, 'AuditPage'), 'Audit records') },
    }),
    (c) => respond(c, (deps, actor) => readAudit(deps, actor, c.req.valid('query')), (page) => ({ status: 200, body: page })),
  );
  return app;
}
