/**
 * The Lambda packages load at a cold start only what every invocation needs: built as the stack builds them
 * (LAMBDA_ESBUILD_OPTIONS, code-split), the entry chunk of each function and the chunks it imports statically must
 * hold none of the heavy parts that a route group, the OpenAPI document, the console or a store brings in on first
 * use. And each API route group is a chunk of its own whose static imports hold no other group: a cold request for
 * one official's tenure loads the officials group and the shared core, not proposals, imports or the console.
 * Read from esbuild's metafile, so it is the bundle that is checked, not the source.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS, PROJECT_ROOT } from '../../infra/constructs/node-function';

/** Loaded on first use, never at init: packages, and our modules that build schemas or pages. */
const NOT_AT_INIT = [
  /node_modules\/zod\//,
  /node_modules\/@hono\/zod-openapi\//,
  /node_modules\/@asteasolutions\/zod-to-openapi\//,
  /node_modules\/exceljs\//,
  /node_modules\/csv-parse\//,
  /node_modules\/jose\//,
  /node_modules\/@aws-sdk\/client-sesv2\//,
  /^shared\/http\/routes\//,
  /^shared\/http\/console\//,
  /^shared\/http\/(openapi|schemas|routing|docs)\.ts$/,
  /^shared\/adapters\/dynamo\/(item-schemas|official-store|organisation-store|proposal-store|alert-store|audit-log|import-store|idempotency-store)\.ts$/,
];

const GROUP_MODULES = [
  'units',
  'positions',
  'officials',
  'circumstances',
  'assessments',
  'flags',
  'dashboard',
  'audit',
  'proposals',
  'proposal-documents',
  'alerts',
  'imports',
].map((name) => `shared/http/routes/${name}.ts`);

interface Bundle {
  metafile: Metafile;
  /** The source files in the static closure of the output that `entryPoint` built. */
  loadedWith(entryPoint: string): Set<string>;
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { index: resolve(PROJECT_ROOT, entry) },
    outdir: resolve(PROJECT_ROOT, 'cdk.out/lazy-bundle-test'),
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const metafile = result.metafile!;
  const outputs = metafile.outputs;
  return {
    metafile,
    loadedWith(entryPoint) {
      const start = Object.keys(outputs).find((o) => outputs[o].entryPoint === entryPoint);
      if (!start) throw new Error(`No output was built from ${entryPoint}`);
      const files = new Set<string>();
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length) {
        const output = stack.pop()!;
        if (seen.has(output)) continue;
        seen.add(output);
        for (const input of Object.keys(outputs[output].inputs)) files.add(input);
        for (const i of outputs[output].imports) if (i.kind === 'import-statement' && !i.external) stack.push(i.path);
      }
      return files;
    },
  };
}

const heavy = (files: Set<string>) => [...files].filter((f) => NOT_AT_INIT.some((pattern) => pattern.test(f)));

describe('what a cold start loads', () => {
  let api: Bundle;
  let alerts: Bundle;
  beforeAll(async () => {
    [api, alerts] = await Promise.all([bundle('functions/api.ts'), bundle('functions/alerts.ts')]);
  }, 120_000);

  it('the API entry chunk holds no zod, OpenAPI, spreadsheet, JWT, SES, route group, console or store module', () => {
    const init = api.loadedWith('functions/api.ts');
    // It does hold the app itself, the manifest and the DynamoDB client: the check reads the right closure.
    expect(init).toContain('shared/http/app.ts');
    expect(init).toContain('shared/http/route-groups.ts');
    expect([...init].some((f) => f.includes('node_modules/@aws-sdk/lib-dynamodb/'))).toBe(true);
    expect(heavy(init)).toEqual([]);
  });

  it('every API route group is a chunk of its own, loading no other group, the console or the OpenAPI builder', () => {
    for (const group of GROUP_MODULES) {
      const loaded = api.loadedWith(group);
      expect(loaded).toContain(group);
      const others = [...loaded].filter(
        (f) => (GROUP_MODULES.includes(f) && f !== group) || /^shared\/http\/(console\/|openapi\.ts)/.test(f),
      );
      expect(others, group).toEqual([]);
    }
  });

  it('GET tenure loads the officials group with zod, and without exceljs or the proposal use cases', () => {
    const officials = api.loadedWith('shared/http/routes/officials.ts');
    expect([...officials].some((f) => f.includes('node_modules/zod/'))).toBe(true);
    expect([...officials].filter((f) => /node_modules\/exceljs\/|shared\/use-cases\/(manage-proposals|import-rows)\.ts/.test(f))).toEqual([]);
  });

  it('the alert function loads the job, not the HTTP layer, zod or the stores at init', () => {
    const init = alerts.loadedWith('functions/alerts.ts');
    expect(init).toContain('shared/use-cases/run-alerts.ts');
    expect([...init].filter((f) => f.startsWith('shared/http/'))).toEqual([]);
    expect(heavy(init)).toEqual([]);
  });
});
