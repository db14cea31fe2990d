/**
 * The HTTP API: one Lambda (functions/api.ts, the Hono app) behind an API Gateway HTTP API. API Gateway verifies the
 * Cognito ID token on every route except the public ones (health, the OpenAPI document and its /docs page), so
 * an unauthenticated request never reaches the function.
 */
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
// The files the app's /docs reader serves: copy exactly those into the package.
import { DOCS_ASSET_FILES } from '../../shared/adapters/docs-assets';

/** Repository root, from which the Lambda entry, the lock file and node_modules are resolved. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The API Lambda's source: `export const handler = handle(createApp(deps))`. */
export const API_ENTRY = `${PROJECT_ROOT}functions/api.ts`;

/** Where the afterBundling hook puts swagger-ui inside the Lambda package, so /docs never needs a CDN. */
export const DOCS_ASSET_SUBDIR = 'swagger-ui';

/** Default stage limits: well above an HR office's traffic, low enough to cap the bill of a runaway client. */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

export interface ApiProps {
  table: ITable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Overrides DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
}

export class Api extends Construct {
  readonly function: NodejsFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    // Explicit so retention is ours to set, not the account's "never expire" default.
    this.logGroup = new LogGroup(this, 'FunctionLogs', { retention: RetentionDays.THREE_MONTHS });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'luanchuyen HTTP API (Hono)',
      entry: API_ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      // API Gateway gives up on an integration after 30 s; finishing (or failing) before that keeps the error ours.
      timeout: Duration.seconds(29),
      logGroup: this.logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        AUTH_MODE: 'apigateway',
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'luanchuyen-api',
        LOG_LEVEL: 'INFO',
        DOCS_ASSET_DIR: `/var/task/${DOCS_ASSET_SUBDIR}`,
      },
      bundling: {
        // Synth must work offline and without Docker: the pinned esbuild in node_modules does the bundling.
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        // Stack traces need file and line only; leaving the sources out keeps the package small.
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.ESM,
        // Prefer the ESM builds of dependencies; fall back to CommonJS where a package has none.
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        // Ship the AWS SDK version the code was tested with, not whatever the runtime happens to carry.
        bundleAwsSDK: true,
        externalModules: [],
        // Vietnamese text (mail, exports) stays readable in the bundle instead of \u escapes.
        charset: Charset.UTF8,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/${DOCS_ASSET_SUBDIR}"`,
            ...DOCS_ASSET_FILES.map(
              (file) =>
                `cp "${inputDir}/node_modules/swagger-ui-dist/${file}" "${outputDir}/${DOCS_ASSET_SUBDIR}/${file}"`,
            ),
          ],
        },
      },
    });

    // Items only; the function never needs to manage the table itself.
    props.table.grantReadWriteData(this.function);

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      // Issuer = this pool (in the stack's region), audience = the client: only this app's ID tokens pass.
      userPoolClients: [props.userPoolClient],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'luanchuyen API',
      // Protected unless a route says otherwise, so a route added later cannot be public by accident.
      defaultAuthorizer: authorizer,
      // The stage is created below, with throttling and access logs.
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who called what and how it ended; no bodies, so no personal data beyond the caller's opaque sub.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            sourceIp: '$context.identity.sourceIp',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', this.function);
    const publicRoute = new HttpNoneAuthorizer();
    for (const path of ['/v1/health', '/v1/openapi.json', '/docs', '/docs/{proxy+}']) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer: publicRoute });
    }
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
  }

  /** The base URL clients call (the $default stage has no path prefix). */
  get url(): string {
    return this.stage.url;
  }
}
