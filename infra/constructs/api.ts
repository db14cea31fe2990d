/**
 * The HTTP API: one Lambda (functions/api.ts, the Hono app) behind an API Gateway HTTP API. API Gateway verifies the
 * Cognito ID token on every route except the public ones of shared/auth-contract.ts (health, the OpenAPI document
 * and its /docs page), the same list the app skips authentication for, so an unauthenticated request never reaches
 * the function; and the console's routes, whose session cookie the app verifies itself (SESSION_ROUTES).
 */
import { Aspects, Duration, Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnRoute,
  CfnStage,
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
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
// The files the app's /docs reader serves: copy exactly those into the package.
import { DOCS_ASSET_FILES } from '../../shared/adapters/docs-assets';
import { PUBLIC_ROUTES, SESSION_ROUTES } from '../../shared/auth-contract';
import { DEFAULT_LOG_RETENTION, nodeFunction } from './node-function';

/** The API Lambda's source, from the repository root: `export const handler = handle(createApp(deps))`. */
export const API_ENTRY = 'functions/api.ts';

/** Where the afterBundling hook puts swagger-ui inside the Lambda package, so /docs never needs a CDN. */
export const DOCS_ASSET_SUBDIR = 'swagger-ui';

/** Default stage limits: well above an HR office's traffic, low enough to cap the bill of a runaway client. */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

/**
 * Each route that needs no token (health, the OpenAPI document, /docs, the console) gets this budget of its own instead
 * of the default: a flood of anonymous requests is refused there and cannot use up what signed-in users need.
 */
export const DEFAULT_PUBLIC_THROTTLE: Required<ThrottleSettings> = { rateLimit: 10, burstLimit: 20 };

export interface ApiProps {
  table: ITable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Overrides DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
  /** Overrides DEFAULT_PUBLIC_THROTTLE, each limit on its own. */
  publicThrottle?: ThrottleSettings;
}

export class Api extends Construct {
  readonly function: NodejsFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    ({ function: this.function, logGroup: this.logGroup } = nodeFunction(this, 'Function', {
      entry: API_ENTRY,
      description: 'luanchuyen HTTP API (Hono)',
      serviceName: 'luanchuyen-api',
      memorySize: 1024,
      // API Gateway gives up on an integration after 30 s; finishing (or failing) before that keeps the error ours.
      timeout: Duration.seconds(29),
      environment: {
        TABLE_NAME: props.table.tableName,
        AUTH_MODE: 'apigateway',
        DOCS_ASSET_DIR: `/var/task/${DOCS_ASSET_SUBDIR}`,
      },
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p "${outputDir}/${DOCS_ASSET_SUBDIR}"`,
        ...DOCS_ASSET_FILES.map(
          (file) => `cp "${inputDir}/node_modules/swagger-ui-dist/${file}" "${outputDir}/${DOCS_ASSET_SUBDIR}/${file}"`,
        ),
      ],
    }));

    // Its table access is granted by the stack (API_TABLE_ACTIONS in infra/stack.ts): exactly what the app calls.

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

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: DEFAULT_LOG_RETENTION });
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

    // Every route without the authorizer, whoever adds it and whenever, gets the public budget.
    const publicLimits = {
      ThrottlingRateLimit: props.publicThrottle?.rateLimit ?? DEFAULT_PUBLIC_THROTTLE.rateLimit,
      ThrottlingBurstLimit: props.publicThrottle?.burstLimit ?? DEFAULT_PUBLIC_THROTTLE.burstLimit,
    };
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    // API Gateway refuses route settings for a route that does not exist yet: the stage waits for those routes.
    Aspects.of(this.httpApi).add({
      visit(node) {
        if (node instanceof CfnRoute && node.authorizationType === 'NONE') cfnStage.node.addDependency(node);
      },
    });
    cfnStage.routeSettings = Lazy.any({
      produce: () => {
        const keys = this.httpApi.node
          .findAll()
          .filter((c): c is CfnRoute => c instanceof CfnRoute && c.authorizationType === 'NONE')
          .map((route) => route.routeKey);
        return keys.length ? Object.fromEntries(keys.map((key) => [key, publicLimits])) : undefined;
      },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', this.function);
    const publicRoute = new HttpNoneAuthorizer();
    for (const { method, path } of PUBLIC_ROUTES) {
      const [route] = this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration, authorizer: publicRoute });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${method} ${path} is public by the auth contract (shared/auth-contract.ts PUBLIC_ROUTES): it serves no personnel data, and its own throttle limits it`,
      });
    }
    // The console: its session is a cookie the authorizer cannot see; the app verifies it (shared/auth-contract.ts).
    for (const { method, path } of SESSION_ROUTES) {
      const [route] = this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration, authorizer: publicRoute });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${method} ${path} is the console (shared/auth-contract.ts SESSION_ROUTES): its session is an HttpOnly cookie the JWT authorizer cannot read, so the app verifies the Cognito token in it on every request; its own throttle limits anonymous traffic`,
      });
    }
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
  }

  /** The base URL clients call (the $default stage has no path prefix). */
  get url(): string {
    return this.stage.url;
  }

  /** The base URL without a trailing slash: the console lives at `${endpoint}/console`. */
  get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * Lets the console sign people in through the pool's hosted UI (the app reads these as config, shared/config.ts)
   * and tells the app where the console is (CONSOLE_URL, for the alert mails POST /v1/alerts/run sends).
   */
  enableConsoleSignIn(props: { domainUrl: string; clientId: string; issuer: string }): void {
    this.function.addEnvironment('COGNITO_DOMAIN', props.domainUrl);
    this.function.addEnvironment('COGNITO_CLIENT_ID', props.clientId);
    this.function.addEnvironment('COGNITO_ISSUER', props.issuer);
    this.function.addEnvironment('CONSOLE_URL', `${this.endpoint}/console`);
  }
}
