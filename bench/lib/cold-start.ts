/**
 * Lambda cold start as far as this machine can show it: each function bundled with esbuild the way the stack bundles
 * it (the options of infra/constructs/node-function.ts), its minified and gzipped size, and the time a fresh Node
 * process takes to import it (module init: top-level code, config, clients, the app), median of `runs`, interleaved
 * with the floor: a bundle of Hono's Lambda adapter and the DynamoDB document client, doing nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/constructs/node-function';
import { percentile } from './stats';

/** The floor's source: written here, not kept as a .ts file, since only adapters import the AWS SDK. */
const FLOOR_SOURCE = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();
app.get('/item/:id', async (c) => c.json((await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: c.req.param('id'), SK: '#META' } }))).Item ?? null));
export const handler = handle(app);
`;

export interface BundleFigure {
  name: string;
  /** The entry chunk and any chunks it loads, minified, in KB. */
  minifiedKB: number;
  gzippedKB: number;
  files: number;
  initMs: { median: number; p25: number; p75: number; runs: number };
}

export interface ColdStartFigure {
  bundles: BundleFigure[];
  /** Each function's median init over the floor's. */
  initOverFloor: Record<string, number>;
}

const PROBE = `
const t0 = performance.now();
await import(process.env.BUNDLE_URL);
process.stdout.write(String(performance.now() - t0));
`;

export async function measureColdStart(runs: number, extra: BuildOptions = {}): Promise<ColdStartFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'luanchuyen-coldstart-'));
  try {
    const entries = [
      { name: 'floor (Hono + DynamoDB document client)', stdin: FLOOR_SOURCE },
      { name: 'api (functions/api.ts)', entry: 'functions/api.ts' },
      { name: 'alerts (functions/alerts.ts)', entry: 'functions/alerts.ts' },
    ];
    const built: { name: string; outdir: string; main: string }[] = [];
    for (const [i, e] of entries.entries()) {
      const outdir = join(dir, String(i));
      await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        ...(e.entry
          ? { entryPoints: { index: resolve(e.entry) } }
          : { stdin: { contents: e.stdin!, resolveDir: resolve('.'), sourcefile: 'floor.mjs', loader: 'js' } }),
        outdir,
        outExtension: { '.js': '.mjs' },
        sourcemap: false,
        logLevel: 'error',
        ...(e.entry ? extra : {}),
      });
      const main = readdirSync(outdir).find((f) => f === 'index.mjs' || f === 'stdin.mjs')!;
      built.push({ name: e.name, outdir, main: join(outdir, main) });
    }
    const samples = new Map<string, number[]>(built.map((b) => [b.name, []]));
    const env = {
      PATH: process.env.PATH,
      TABLE_NAME: 'cold-start',
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'cold-start',
      AWS_SECRET_ACCESS_KEY: 'cold-start',
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
          env: { ...env, BUNDLE_URL: pathToFileURL(b.main).href },
          encoding: 'utf8',
        });
        if (r > 0) samples.get(b.name)!.push(Number(out.trim().split('\n').pop()));
      }
    const bundles = built.map((b): BundleFigure => {
      const files = readdirSync(b.outdir).filter((f) => f.endsWith('.mjs'));
      const bytes = files.map((f) => readFileSync(join(b.outdir, f)));
      const s = samples.get(b.name)!;
      return {
        name: b.name,
        minifiedKB: Math.round(bytes.reduce((n, x) => n + x.length, 0) / 1024),
        gzippedKB: Math.round(bytes.reduce((n, x) => n + gzipSync(x).length, 0) / 1024),
        files: files.length,
        initMs: {
          median: round(percentile(s, 50)),
          p25: round(percentile(s, 25)),
          p75: round(percentile(s, 75)),
          runs: s.length,
        },
      };
    });
    const floor = bundles[0].initMs.median;
    return {
      bundles,
      initOverFloor: Object.fromEntries(bundles.slice(1).map((b) => [b.name, round(b.initMs.median / floor)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function sizeOnDisk(path: string): number {
  return statSync(path).size;
}
