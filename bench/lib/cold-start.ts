/**
 * Lambda cold start as far as this machine can show it: each function bundled with esbuild the way the stack bundles
 * it (the options of infra/constructs/node-function.ts), its minified and gzipped size (all files, and the entry
 * chunk with the chunks it imports statically: what a cold start loads), and the time a fresh Node process takes to
 * import it (module init: top-level code, config, clients, the app), median of `runs`, interleaved with the floor: a
 * bundle of Hono's Lambda adapter and the DynamoDB document client, doing nothing else.
 *
 * Module init alone would flatter a bundle that defers its work to the first request (the API loads its route
 * groups, schemas and stores on first use). So, given a DynamoDB Local table (`firstRequest`), the same process then
 * invokes `handler` with an API Gateway HTTP API (v2) event for one GET, and the time to its answer counts too: the
 * floor's GetItem of a seeded item, the API's GET /v1/officials/{id}/tenure of a seeded official with the claims API
 * Gateway's JWT authorizer passes on; the alert function's one run (as EventBridge Scheduler invokes it) over that
 * table, whose stores load on their first call. Anything but a 200 with a body (a run id for the alerts) is an error,
 * not a figure. The alert runs after the first of the day find the day's windows done and read less: their figure
 * is the modules a run loads, more than the reads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/constructs/node-function';
import { percentile } from './stats';

/** The floor's source: written here, not kept as a .ts file, since only adapters import the AWS SDK. */
const FLOOR_SOURCE = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}));
const app = new Hono();
app.get('/item/:id', async (c) => c.json((await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: c.req.param('id'), SK: '#META' } }))).Item ?? null));
export const handler = handle(app);
`;

export interface BundleFigure {
  name: string;
  /** Every file of the package (the entry chunk and every chunk), minified, in KB. */
  minifiedKB: number;
  gzippedKB: number;
  files: number;
  /** The entry chunk and the chunks it imports statically: what module init loads. */
  entry: { minifiedKB: number; gzippedKB: number; files: number };
  initMs: Spread;
  /** Module init plus the first invocation, answered (with `firstRequest`): a request, or one alert run. */
  firstRequestMs?: Spread;
  /** What the first request was. */
  firstRequest?: string;
}

interface Spread {
  median: number;
  p25: number;
  p75: number;
  runs: number;
}

export interface ColdStartFigure {
  bundles: BundleFigure[];
  /** Each function's median init over the floor's. */
  initOverFloor: Record<string, number>;
  /** Each function's median init + first request over the floor's (where measured). */
  firstRequestOverFloor?: Record<string, number>;
}

/** A table the bench seeded for the first request of each bundle. */
export interface FirstRequestTarget {
  endpoint: string;
  tableName: string;
  /** The partition key of an item with sort key #META, which the floor's route reads. */
  floorItemPK: string;
  /** An official with a current assignment, and claims of a caller whose scope holds them. */
  officialId: string;
  asOf: string;
  claims: Record<string, string>;
}

/**
 * Imports the bundle, then (with EVENT) invokes its handler once; prints init and init + first request in ms, the
 * status and the start of the body, as the last line (the API's own log lines come before it).
 */
const PROBE = `
const t0 = performance.now();
const { handler } = await import(process.env.BUNDLE_URL);
const out = { init: performance.now() - t0 };
if (process.env.EVENT) {
  const res = await handler(JSON.parse(process.env.EVENT), {
    awsRequestId: 'cold-start', functionName: 'cold-start', getRemainingTimeInMillis: () => 29000,
  });
  out.first = performance.now() - t0;
  out.status = res.statusCode;
  out.body = (res.statusCode === undefined ? JSON.stringify(res) : String(res.body ?? '')).slice(0, 500);
}
process.stdout.write('\\n' + JSON.stringify(out) + '\\n', () => process.exit(0));
`;

/** An API Gateway HTTP API (payload 2.0) event for GET `path`, as its JWT authorizer passes `claims` on. */
function getEvent(path: string, query: string, claims?: Record<string, string>) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'api.example.test', accept: 'application/json', 'user-agent': 'cold-start' },
    isBase64Encoded: false,
    requestContext: {
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'cold-start' },
      requestId: 'cold-start',
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
}

export async function measureColdStart(
  runs: number,
  firstRequest?: FirstRequestTarget,
  extra: BuildOptions = {},
): Promise<ColdStartFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'luanchuyen-coldstart-'));
  try {
    type Invocation = { label: string; event: object; answered: (status: unknown, body: string) => boolean };
    const httpOk = (status: unknown, body: string) => status === 200 && body !== '' && body !== 'null';
    const entries: { name: string; stdin?: string; entry?: string; request?: Invocation }[] = [
      {
        name: 'floor (Hono + DynamoDB document client)',
        stdin: FLOOR_SOURCE,
        ...(firstRequest && {
          request: {
            label: 'GET /item/{pk}: one GetItem',
            event: getEvent(`/item/${encodeURIComponent(firstRequest.floorItemPK)}`, ''),
            answered: httpOk,
          },
        }),
      },
      {
        name: 'api (functions/api.ts)',
        entry: 'functions/api.ts',
        ...(firstRequest && {
          request: {
            label: 'GET /v1/officials/{id}/tenure',
            event: getEvent(
              `/v1/officials/${encodeURIComponent(firstRequest.officialId)}/tenure`,
              `asOf=${firstRequest.asOf}`,
              firstRequest.claims,
            ),
            answered: httpOk,
          },
        }),
      },
      {
        name: 'alerts (functions/alerts.ts)',
        entry: 'functions/alerts.ts',
        ...(firstRequest && {
          request: {
            label: 'one alert run (the scheduler event)',
            event: {},
            answered: (_status: unknown, body: string) => body.includes('"runId"'),
          },
        }),
      },
    ];
    const built: { name: string; outdir: string; main: string; metafile: Metafile; request?: Invocation }[] = [];
    for (const [i, e] of entries.entries()) {
      const outdir = join(dir, String(i));
      const result = await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        ...(e.entry
          ? { entryPoints: { index: resolve(e.entry) } }
          : { stdin: { contents: e.stdin!, resolveDir: resolve('.'), sourcefile: 'floor.mjs', loader: 'js' } }),
        outdir,
        outExtension: { '.js': '.mjs' },
        sourcemap: false,
        logLevel: 'error',
        metafile: true,
        ...(e.entry ? extra : {}),
      });
      const main = readdirSync(outdir).find((f) => f === 'index.mjs' || f === 'stdin.mjs')!;
      built.push({ name: e.name, outdir, main: join(outdir, main), metafile: result.metafile!, request: e.request });
    }
    const samples = new Map<string, { init: number[]; first: number[] }>(built.map((b) => [b.name, { init: [], first: [] }]));
    const env = {
      PATH: process.env.PATH,
      TABLE_NAME: 'cold-start',
      AWS_REGION: 'ap-southeast-1',
      // Letters and digits only: DynamoDB Local refuses anything else as a key id.
      AWS_ACCESS_KEY_ID: 'coldstart',
      AWS_SECRET_ACCESS_KEY: 'coldstart',
      ...(firstRequest && { TABLE_NAME: firstRequest.tableName, DYNAMODB_ENDPOINT: firstRequest.endpoint }),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'cold-start',
      LOG_LEVEL: 'INFO',
      AUTH_MODE: 'apigateway',
      MAIL_FROM: 'noreply@example.gov.vn',
    };
    // Interleaved, so a burst of load elsewhere on the machine falls on every bundle alike.
    for (let r = 0; r < runs + 1; r++)
      for (const b of built) {
        const out = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], {
          env: {
            ...env,
            BUNDLE_URL: pathToFileURL(b.main).href,
            ...(b.request && { EVENT: JSON.stringify(b.request.event) }),
          },
          encoding: 'utf8',
        });
        const probe = JSON.parse(out.trim().split('\n').pop()!) as { init: number; first?: number; status?: number; body?: string };
        if (b.request && !b.request.answered(probe.status, probe.body ?? ''))
          throw new Error(`${b.name}: ${b.request.label} answered ${probe.status}: ${probe.body}`);
        if (r > 0) {
          samples.get(b.name)!.init.push(probe.init);
          if (probe.first !== undefined) samples.get(b.name)!.first.push(probe.first);
        }
      }
    const bundles = built.map((b): BundleFigure => {
      const files = readdirSync(b.outdir).filter((f) => f.endsWith('.mjs'));
      const bytes = files.map((f) => readFileSync(join(b.outdir, f)));
      const entryFiles = staticClosure(b.metafile, b.outdir, b.main);
      const entryBytes = entryFiles.map((f) => readFileSync(f));
      const s = samples.get(b.name)!;
      return {
        name: b.name,
        minifiedKB: Math.round(bytes.reduce((n, x) => n + x.length, 0) / 1024),
        gzippedKB: Math.round(bytes.reduce((n, x) => n + gzipSync(x).length, 0) / 1024),
        files: files.length,
        entry: {
          minifiedKB: Math.round(entryBytes.reduce((n, x) => n + x.length, 0) / 1024),
          gzippedKB: Math.round(entryBytes.reduce((n, x) => n + gzipSync(x).length, 0) / 1024),
          files: entryFiles.length,
        },
        initMs: spread(s.init),
        ...(b.request && { firstRequestMs: spread(s.first), firstRequest: b.request.label }),
      };
    });
    const floor = bundles[0];
    const over = (pick: (b: BundleFigure) => number | undefined) =>
      Object.fromEntries(
        bundles.slice(1).flatMap((b) => {
          const mine = pick(b);
          const theirs = pick(floor);
          return mine === undefined || theirs === undefined ? [] : [[b.name, round(mine / theirs)]];
        }),
      );
    return {
      bundles,
      initOverFloor: over((b) => b.initMs.median),
      ...(firstRequest && { firstRequestOverFloor: over((b) => b.firstRequestMs?.median) }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spread(samples: number[]): Spread {
  return {
    median: round(percentile(samples, 50)),
    p25: round(percentile(samples, 25)),
    p75: round(percentile(samples, 75)),
    runs: samples.length,
  };
}

/** The files a cold start reads: the entry chunk and every chunk it imports statically, transitively. */
function staticClosure(metafile: Metafile, outdir: string, main: string): string[] {
  const byPath = new Map(Object.keys(metafile.outputs).map((key) => [resolve(key), key]));
  const seen = new Set<string>();
  const stack = [resolve(main)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const output = metafile.outputs[byPath.get(file) ?? ''];
    if (!output) throw new Error(`${file} is not an output of the build in ${outdir}`);
    for (const i of output.imports) if (i.kind === 'import-statement' && !i.external) stack.push(resolve(i.path));
  }
  return [...seen];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function sizeOnDisk(path: string): number {
  return statSync(path).size;
}
