/**
 * The HTTP server the bench loads with autocannon, in a process of its own so that the load generator does not share
 * its event loop: the app exactly as `npm start` builds it (the local runtime over the bench's DynamoDB Local, logging
 * at INFO as the Lambda does), and beside it on a second port the floor: a bare Hono app whose one route does one
 * GetItem (an official by id, through the store) and answers it as JSON.
 *
 * argv: <dynamodb endpoint> <table name> <data dir holding the token key>. Prints `LISTENING <app port> <floor port>`
 * on stderr; stdout carries the app's log lines (the parent discards them, as CloudWatch would take them).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startLocalRuntime } from '../../scripts/lib/local-runtime';

const [endpoint, tableName, dataDir] = process.argv.slice(2);
if (!endpoint || !tableName || !dataDir) throw new Error('usage: api-server.ts <endpoint> <table> <data dir>');

const runtime = await startLocalRuntime({ endpoint, tableName, dataDir, env: { LOG_LEVEL: 'INFO' } });

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
process.stderr.write(`LISTENING ${appPort} ${floorPort}\n`);
process.once('SIGTERM', () => {
  void runtime.close().finally(() => process.exit(0));
});
