/**
 * Synthesizes WITH bundling (local esbuild, no Docker) and inspects the Lambda package: the handler module, the
 * swagger-ui files /docs serves from DOCS_ASSET_DIR, and that the bundle loads and answers: the public health route,
 * and the /docs page together with the swagger-ui file it references, served from inside the package, and the
 * console's sign-in page and stylesheet (TSX compiled into the bundle).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCS_ASSET_SUBDIR } from '../../infra/constructs/api';
import { createStack } from '../../infra/stack';
import { DOCS_ASSET_FILES } from '../../shared/adapters/docs-assets';

/** What CloudFormation resolves the stack's references to (the template holds them as Fn::GetAtt / Ref objects). */
const RESOLVED_CONSOLE_ENV = {
  CONSOLE_URL: 'https://abc123.execute-api.ap-southeast-1.amazonaws.com/console',
  COGNITO_DOMAIN: 'https://luanchuyen-0a1b2c3d-123456789012.auth.ap-southeast-1.amazoncognito.com',
  COGNITO_CLIENT_ID: '4example0client0id0console',
  COGNITO_ISSUER: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Example',
};

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context as Record<
  string,
  unknown
>;

const outdir = mkdtempSync(join(tmpdir(), 'luanchuyen-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Runs in a clean Node process (ESM, nothing from vitest): imports the bundle, which is where a CommonJS `require`
 * of a built-in hidden in an ESM bundle would fail, then calls the handler with API Gateway v2 events the way the
 * public routes are invoked. Prints one JSON line after RESULT_MARK.
 */
const RESULT_MARK = 'BUNDLE-PROBE-RESULT ';
const PROBE = `
const RESULT_MARK = ${JSON.stringify(RESULT_MARK)};
const { handler } = await import(process.env.BUNDLE_URL);
const call = async (path, query = '', claims) => {
  const now = new Date();
  const res = await handler({
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: query,
    headers: { host: 'api.example.test', accept: '*/*' }, isBase64Encoded: false,
    requestContext: {
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      accountId: '123456789012', apiId: 'api', domainName: 'api.example.test', domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bundle-test' },
      requestId: 'bundle-test', routeKey: '$default', stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
    },
  }, { awsRequestId: 'bundle-test', functionName: 'api', getRemainingTimeInMillis: () => 29000 });
  const body = res.isBase64Encoded ? Buffer.from(res.body ?? '', 'base64') : Buffer.from(res.body ?? '', 'utf8');
  const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { status: res.statusCode, headers, body };
};
const out = { handler: typeof handler };
out.health = (await call('/v1/health')).status;
let url = new URL('https://api.example.test/docs');
let page = await call(url.pathname);
for (let hops = 0; page.status >= 300 && page.status < 400 && hops < 3; hops++) {
  url = new URL(page.headers.location, url);
  page = await call(url.pathname);
}
out.docsPage = page.status;
const src = /<script[^>]+src="([^"]*swagger-ui-bundle\\.js)"/.exec(page.body.toString('utf8'))?.[1];
if (src) {
  const asset = await call(new URL(src, url).pathname);
  out.bundleAsset = { status: asset.status, bytes: asset.body.length };
} else out.bundleAsset = { status: 'no script tag' };
// The console, compiled from TSX into the same bundle: its sign-in page (Cognito's hosted UI here) and its stylesheet.
const signIn = await call('/console/sign-in');
const css = /<link rel="stylesheet" href="([^"]+)"/.exec(signIn.body.toString('utf8'))?.[1];
out.console = {
  signIn: signIn.status,
  hostedUi: signIn.body.toString('utf8').includes('/console/auth/login'),
  hsts: signIn.headers['strict-transport-security'] !== undefined,
  stylesheet: css ? (await call(css)).status : 'no stylesheet link',
};
// An XLSX template: exceljs lives in a chunk of its own, loaded on this first use (the claims API Gateway's JWT
// authorizer would pass on for an hr user).
const template = await call('/v1/imports/templates/officials', 'format=xlsx', {
  sub: 'bundle-test', 'cognito:groups': '[hr]', 'custom:scope': '*', iss: 'https://cognito', token_use: 'id',
});
out.xlsxTemplate = { status: template.status, zip: template.body.subarray(0, 2).toString('latin1') };
// The function logs JSON to stdout too (Powertools): mark the result line.
process.stdout.write('\\n' + RESULT_MARK + JSON.stringify(out) + '\\n');
`;

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

describe('API Lambda bundle', () => {
  it('contains the ESM handler and the swagger-ui files, loads in Node and serves health and /docs', { timeout: 120_000 }, () => {
    const app = new App({ outdir, context: cdkContext });
    const stack = createStack(app, 'BundleStack', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    const template = Template.fromStack(stack);
    app.synth();

    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'luanchuyen-api',
    ) as any;
    expect(fn.Properties.Handler).toBe('index.handler');
    const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${assetHash}`);
    expect(existsSync(assetDir), assetDir).toBe(true);

    const entry = join(assetDir, 'index.mjs');
    expect(existsSync(entry)).toBe(true);
    expect(existsSync(`${entry}.map`)).toBe(true);
    for (const file of DOCS_ASSET_FILES) {
      const path = join(assetDir, DOCS_ASSET_SUBDIR, file);
      expect(existsSync(path), path).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(1000);
    }

    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    console.log(
      `API Lambda bundle: index.mjs ${mb(statSync(entry).size)}, whole package ${mb(sizeOf(assetDir))} (unzipped)`,
    );

    const started = Date.now();
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], {
      env: {
        PATH: process.env.PATH,
        BUNDLE_URL: pathToFileURL(entry).href,
        // What the stack sets, with the docs directory pointed at this package instead of /var/task.
        ...fn.Properties.Environment.Variables,
        TABLE_NAME: 'bundle-test',
        ...RESOLVED_CONSOLE_ENV,
        DOCS_ASSET_DIR: join(assetDir, DOCS_ASSET_SUBDIR),
        AWS_REGION: 'ap-southeast-1',
        AWS_ACCESS_KEY_ID: 'bundle-test',
        AWS_SECRET_ACCESS_KEY: 'bundle-test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
    expect(line, stdout).toBeDefined();
    const result = JSON.parse(line!.slice(RESULT_MARK.length));
    console.log(`Bundle loaded and answered 3 requests in ${Date.now() - started} ms`);
    expect(result.handler).toBe('function');
    expect(result.health).toBe(200);
    // /docs -> page -> the swagger-ui bundle it references, read from DOCS_ASSET_DIR inside the package.
    expect(result.docsPage).toBe(200);
    expect(result.bundleAsset.status).toBe(200);
    expect(result.bundleAsset.bytes).toBe(statSync(join(assetDir, DOCS_ASSET_SUBDIR, 'swagger-ui-bundle.js')).size);
    expect(result.console).toEqual({ signIn: 200, hostedUi: true, hsts: true, stylesheet: 200 });
    // Code split: what loads lazily sits in chunks beside index.mjs, and the first export loads its chunk.
    expect(readdirSync(join(assetDir, 'chunks')).some((f) => f.endsWith('.mjs'))).toBe(true);
    expect(result.xlsxTemplate).toEqual({ status: 200, zip: 'PK' });
  });
});

describe('alert Lambda bundle', () => {
  it('is its own ESM package (no swagger-ui) whose handler loads in Node, and so is the MFA trigger', { timeout: 120_000 }, () => {
    const app = new App({ outdir, context: cdkContext });
    const stack = createStack(app, 'AlertBundleStack', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    const template = Template.fromStack(stack);
    app.synth();
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'luanchuyen-alerts',
    ) as any;
    const assetDir = join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const entry = join(assetDir, 'index.mjs');
    expect(existsSync(entry)).toBe(true);
    expect(existsSync(join(assetDir, DOCS_ASSET_SUBDIR))).toBe(false);
    // Loading runs the cold start (config, deps): nothing is called until the schedule invokes the handler.
    const stdout = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(process.env.BUNDLE_URL); console.log('HANDLER ' + typeof m.handler);`],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE_URL: pathToFileURL(entry).href,
          ...fn.Properties.Environment.Variables,
          TABLE_NAME: 'bundle-test',
          CONSOLE_URL: RESOLVED_CONSOLE_ENV.CONSOLE_URL,
          AWS_REGION: 'ap-southeast-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(stdout).toContain('HANDLER function');
    console.log(`Alert Lambda bundle: index.mjs ${(statSync(entry).size / 1024 / 1024).toFixed(2)} MB`);

    // The MFA trigger, bundled by the same synth: it loads, passes a token of no MFA role through untouched (no call
    // to Cognito), and refuses a token of an MFA role when the SDK's credential chain finds no credentials (the
    // environment, shared files and instance metadata are all made empty here) instead of granting the role.
    const gate = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'luanchuyen-pre-token',
    ) as any;
    const gateEntry = join(outdir, `asset.${String(gate.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
    const probe = `
      const { handler } = await import(process.env.BUNDLE_URL);
      const event = { version: '2', triggerSource: 'TokenGeneration_Authentication', region: 'ap-southeast-1',
        userPoolId: 'ap-southeast-1_X', userName: 'u', callerContext: {},
        request: { userAttributes: {}, groupConfiguration: { groupsToOverride: JSON.parse(process.env.GROUPS), iamRolesToOverride: [] } },
        response: { claimsAndScopeOverrideDetails: {} } };
      let out;
      try { out = JSON.stringify((await handler(event)).response); } catch (e) { out = 'THREW ' + e.name + ': ' + e.message; }
      console.log('GATE ' + out);`;
    const nowhere = join(outdir, 'no-such-dir');
    const run = (groups: string[], env: Record<string, string>) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        env: {
          PATH: process.env.PATH,
          BUNDLE_URL: pathToFileURL(gateEntry).href,
          GROUPS: JSON.stringify(groups),
          HOME: nowhere,
          AWS_CONFIG_FILE: join(nowhere, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(nowhere, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(run(['hr'], { AWS_REGION: 'ap-southeast-1' })).toContain('GATE {"claimsAndScopeOverrideDetails":{}}');
    expect(run(['hr', 'leader'], { AWS_REGION: 'ap-southeast-1' })).toMatch(
      /GATE THREW CredentialsProviderError: Could not load credentials from any providers/,
    );
    // With credentials, the bundled client gets as far as the network: here a local port nobody listens on, named by
    // the SDK's per-service endpoint variable, so no request leaves the machine.
    expect(
      run(['leader'], {
        AWS_REGION: 'ap-southeast-1',
        AWS_ACCESS_KEY_ID: 'k',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9',
      }),
    ).toMatch(/GATE THREW .*ECONNREFUSED/);
  });
});
