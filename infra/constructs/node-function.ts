/**
 * Every Lambda of the stack is built the same way: Node.js 22 on ARM64, one minified ESM bundle made by the pinned
 * esbuild in node_modules (offline, no Docker), source maps on, its own log group with a retention. The API function
 * uses it; any other function calls it the same way with its own entry and environment.
 */
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';

/** Repository root, from which Lambda entries, the lock file and node_modules are resolved. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Three months: long enough to investigate a report from the last quarter, short enough not to hoard logs. */
export const DEFAULT_LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** CommonJS dependencies bundled into ESM still call require() for Node built-ins. */
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/**
 * What esbuild is told for every function, as esbuild options: the bundling below passes these through CDK's props,
 * and the benchmark (bench/lib/cold-start.ts) builds with them to measure the package's size and module init.
 */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  minify: true,
  target: 'node22',
  format: 'esm',
  // Prefer the ESM builds of dependencies; fall back to CommonJS where a package has none.
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  // Vietnamese text (mail, exports) stays readable in the bundle instead of \u escapes.
  charset: 'utf8',
  // What the code loads with import() (the SES client, exceljs, csv-parse) goes to chunks of its own, read only when
  // first used, so a cold start parses only what every request needs.
  splitting: true,
} as const satisfies BuildOptions;

/**
 * CDK's esbuild run writes one file (`--outfile`), which code splitting cannot do; so the package is rebuilt after it,
 * in place, with the same options and `--splitting`: `index.mjs` plus `chunks/`.
 */
function splitBuild(entry: string, outputDir: string): string {
  const o = LAMBDA_ESBUILD_OPTIONS;
  const args = [
    `"${entry}"`,
    '--bundle',
    `--platform=${o.platform}`,
    '--minify',
    `--target=${o.target}`,
    `--format=${o.format}`,
    `--main-fields=${o.mainFields.join(',')}`,
    `--banner:js="${o.banner.js}"`,
    `--charset=${o.charset}`,
    '--splitting',
    '--sourcemap',
    '--sources-content=false',
    `--outdir="${outputDir}"`,
    '--entry-names=index',
    '--chunk-names=chunks/[name]-[hash]',
    '--out-extension:.js=.mjs',
    '--log-level=warning',
  ];
  return `rm -f "${outputDir}/index.mjs" "${outputDir}/index.mjs.map" && "${PROJECT_ROOT}node_modules/.bin/esbuild" ${args.join(' ')}`;
}

export interface NodeFunctionProps {
  /** The source exporting `handler`, relative to the repository root: `functions/api.ts`. */
  entry: string;
  description: string;
  /** POWERTOOLS_SERVICE_NAME: names the function in every log line. */
  serviceName: string;
  memorySize: number;
  timeout: Duration;
  /** Added to the environment every function gets (source maps, log level, service name). */
  environment?: Record<string, string>;
  /** Shell commands run after esbuild, e.g. to copy files the function reads at run time beside the bundle. */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
  logRetention?: RetentionDays;
}

export interface NodeFunctionParts {
  function: NodejsFunction;
  logGroup: LogGroup;
}

/** Builds the function `id` and its log group `${id}Logs` in `scope`. */
export function nodeFunction(scope: Construct, id: string, props: NodeFunctionProps): NodeFunctionParts {
  // Explicit so retention is ours to set, not the account's "never expire" default.
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? DEFAULT_LOG_RETENTION });
  const afterBundling = props.afterBundling ?? (() => []);
  // Its own role, allowed to write to its own log group and nothing else until the stack grants more: the default
  // role would attach AWSLambdaBasicExecutionRole, which may write to any log group of the account.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.serviceName} Lambda`,
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, id, {
    description: props.description,
    entry: `${PROJECT_ROOT}${props.entry}`,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup,
    role,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      LOG_LEVEL: 'INFO',
      ...props.environment,
    },
    bundling: {
      // Synth must work offline and without Docker: the pinned esbuild in node_modules does the bundling.
      forceDockerBundling: false,
      minify: LAMBDA_ESBUILD_OPTIONS.minify,
      sourceMap: true,
      // Stack traces need file and line only; leaving the sources out keeps the package small.
      sourcesContent: false,
      target: LAMBDA_ESBUILD_OPTIONS.target,
      format: OutputFormat.ESM,
      mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
      banner: LAMBDA_ESBUILD_OPTIONS.banner.js,
      // Ship the AWS SDK version the code was tested with, not whatever the runtime happens to carry.
      bundleAwsSDK: true,
      externalModules: [],
      charset: Charset.UTF8,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [
          splitBuild(`${PROJECT_ROOT}${props.entry}`, outputDir),
          ...afterBundling(inputDir, outputDir),
        ],
      },
    },
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 on purpose: the runtime the code is built (esbuild target node22) and tested for; moving to a newer runtime is a tested change of its own',
  });
  return { function: fn, logGroup };
}
