/**
 * The HTTP server the bench loads with autocannon, in a process of its own so that the load generator does not share
 * its event loop: the app exactly as `npm start` builds it (the local runtime over the bench's DynamoDB Local, logging
 * at INFO as the Lambda does), and beside it on a second port the floor: a bare Hono app whose one route does one
 * GetItem (an official by id, through the store) and answers it as JSON.
 *
 * argv: <dynamodb endpoint> <table name> <scope unit of the hr token>. Prints `LISTENING <app port> <floor port> <token>`
 * on stderr (an hr token its own key signs); stdout carries the app's log lines (the parent discards them, as
 * CloudWatch would take them).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startLocalRuntime } from '../../scripts/lib/local-runtime';

const [endpoint, tableName, scopeUnit] = process.argv.slice(2);
if (!endpoint || !tableName || !scopeUnit) throw new Error('usage: api-server.ts <endpoint> <table> <scope unit>');

const runtime = await startLocalRuntime({ endpoint, tableName, env: { LOG_LEVEL: 'INFO' } });
const token = await runtime.signToken({ role: 'hr', units: [scopeUnit], sub: 'bench-hr' });

const floor = new Hono();
floor.get('/floor/:id', async (c) => {
  const official = await runtime.deps.officials.getOfficial(c.req.param('id'));
  return official ? c.json(official) : c.json({ status: 404 }, 404);
});

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((done) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => done(info.port));
    process.once('SIGTERM', () => server.close());
  });
const [appPort, floorPort] = await Promise.all([listen(runtime.app.fetch), listen(floor.fetch)]);
process.stderr.write(`LISTENING ${appPort} ${floorPort} ${token}\n`);
process.once('SIGTERM', () => {
  void runtime.close().finally(() => process.exit(0));
});
