import { z } from '@hono/zod-openapi';
import { listAlertRuns, runAlerts } from '../../use-cases/run-alerts';
import { jsonResponse, newRouter, respond, route } from '../routing';
import { idempotencyHeader, isoDate, listQuery, pageOf } from '../schemas';

const tags = ['Alerts'];

const AlertRunSchema = z
  .object({
    id: z.string(),
    asOf: z.string(),
    trigger: z.string().openapi({ description: 'system:alerts for the daily schedule, else the sub of who ran it' }),
    status: z.enum(['running', 'completed']).openapi({ description: 'running: in progress, or it stopped before finishing' }),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    windows: z
      .array(z.object({ after: z.string().optional(), through: z.string() }))
      .openapi({ description: 'The due dates read for newly crossed thresholds: after (exclusive) through (inclusive)' }),
    digestMonth: z.string().optional().openapi({ description: "The month whose leadership digest this run was due to send" }),
    mailsSent: z.number().int(),
    officialsNotified: z.number().int(),
    digestsSent: z.number().int(),
    retried: z.number().int().openapi({ description: 'Notices left pending by earlier runs that this run sent' }),
    failures: z
      .array(
        z.object({
          kind: z.enum(['threshold', 'digest']),
          unitId: z.string(),
          recipients: z.array(z.string()),
          notices: z.number().int(),
          reason: z.string(),
        }),
      )
      .openapi({ description: 'Mails not sent; their notices stay pending and the next run retries them' }),
    unitsWithoutAddress: z
      .array(z.object({ unitId: z.string(), unitName: z.string(), kind: z.enum(['hr', 'leadership']), notices: z.number().int() }))
      .openapi({ description: 'Units with officials to report and no hrEmails up their tree, or agencies without leaderEmails' }),
    invalidAddresses: z.array(z.object({ unitId: z.string(), address: z.string() })),
  })
  .openapi('AlertRun');

export function alertRoutes() {
  const app = newRouter();
  app.openapi(
    route('runAlerts', {
      method: 'post',
      path: '/alerts/run',
      tags,
      summary:
        'Run the alert job now (the daily schedule runs it at 08:00): mails HR about officials whose due date crossed ' +
        'a threshold since the last run, and on the 1st the leadership digest; nothing is sent twice',
      description: 'Needs scope `*`: the job mails every unit. asOf may not be after today.',
      request: {
        query: z.object({ asOf: isoDate.optional().openapi({ description: 'Default: today in Asia/Ho_Chi_Minh' }) }),
        headers: idempotencyHeader,
      },
      responses: { 200: jsonResponse(AlertRunSchema, 'The run, finished') },
    }),
    (c) => respond(c, (deps, actor) => runAlerts(deps, actor, c.req.valid('query')), (run) => ({ status: 200, body: run })),
  );
  app.openapi(
    route('listAlertRuns', {
      method: 'get',
      path: '/alerts',
      tags,
      summary: 'Past runs of the alert job, newest first',
      description: 'Needs scope `*`.',
      request: { query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(AlertRunSchema, 'AlertRunPage'), 'Runs') },
    }),
    (c) => respond(c, (deps, actor) => listAlertRuns(deps, actor, c.req.valid('query')), (page) => ({ status: 200, body: page })),
  );
  return app;
}
