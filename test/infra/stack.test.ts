/**
 * Assertions on the synthesized template: the properties that decide whether the deployed system is correct, safe
 * and deployable twice. Bundling is skipped here (see bundle.test.ts for the real package).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE } from '../../infra/constructs/api';
import { createStack } from '../../infra/stack';
import { TABLE } from '../../shared/adapters/dynamo/table';
import { MAX_SCOPE_LENGTH, PUBLIC_ROUTES, ROLES, SCOPE_ATTRIBUTE, SCOPE_CLAIM, SESSION_ROUTES } from '../../shared/auth-contract';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** The feature flags the CLI would apply, so the test builds the same template `npm run synth` does. */
const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context as Record<
  string,
  unknown
>;

let template: Template;

function only(type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0];
}

/** The logical id of the function whose log lines carry this service name. */
function functionOf(service: string): string {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, r]) => (r as Resource).Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  expect(found, service).toHaveLength(1);
  return found[0][0];
}

/** The IAM statements attached to a function's role. */
function statementsOf(functionId: string): any[] {
  const role = (template.findResources('AWS::Lambda::Function')[functionId] as Resource).Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: role }]) } }),
  ) as Resource[];
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as any[]);
}

/** The app client API callers sign in with (SRP, no OAuth), or the console's (the hosted UI's code grant). */
function clientOf(kind: 'api' | 'console'): [string, Resource] {
  const clients = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')) as [string, Resource][];
  expect(clients).toHaveLength(2);
  const found = clients.filter(([, c]) => (c.Properties.AllowedOAuthFlows !== undefined) === (kind === 'console'));
  expect(found, kind).toHaveLength(1);
  return found[0];
}

function keySchema(partitionKey: string, sortKey: string) {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    { AttributeName: sortKey, KeyType: 'RANGE' },
  ];
}

beforeAll(() => {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = createStack(app, 'TestStack', {
    env: { account: '123456789012', region: 'ap-southeast-1' },
    mailFrom: 'canhbao@skhcn.example.gov.vn',
  });
  template = Template.fromStack(stack);
  // Template.fromStack synthesizes and validates the whole stack: seconds, not milliseconds.
}, 60_000);

describe('DynamoDB table', () => {
  it('has the key schema and indexes that TABLE defines, each GSI projecting ALL', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual(keySchema(TABLE.partitionKey, TABLE.sortKey));
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyNames = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.Properties.AttributeDefinitions).toHaveLength(keyNames.length);
  });

  it('is on-demand, point-in-time recoverable, TTL-enabled and protected from deletion', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      TableName: Match.absent(),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('API function', () => {
  it('runs Node.js 22 on arm64 with the table name, API Gateway auth and bundled docs assets', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      FunctionName: Match.absent(),
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: tableId },
          AUTH_MODE: 'apigateway',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'luanchuyen-api',
          LOG_LEVEL: 'INFO',
          DOCS_ASSET_DIR: '/var/task/swagger-ui',
        }),
      },
    });
  });

  it('logs to its own log group with a retention', () => {
    const logGroup = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      LoggingConfig: { LogGroup: { Ref: logGroup } },
    });
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(groups[logGroup.asString()]?.Properties.RetentionInDays).toBe(90);
  });

  it('may touch DynamoDB only on the table and its indexes', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const statements = statementsOf(functionOf('luanchuyen-api'));
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);

    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const indexArns = TABLE.indexes.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i.indexName}`]] }));
    for (const statement of dynamo) {
      expect(statement.Effect).toBe('Allow');
      const resources = [statement.Resource].flat();
      expect(resources).not.toContain('*');
      for (const resource of resources) expect([tableArn, ...indexArns]).toContainEqual(resource);
    }
    // Data-plane only, never table management.
    const actions = dynamo.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('dynamodb:*');
    expect(actions).not.toContain('dynamodb:DeleteTable');
    expect(actions).toContain('dynamodb:PutItem');
  });

  it('uses no hard-coded physical names, so a second stack can deploy beside this one', () => {
    const nameProps: Record<string, string> = {
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::Cognito::UserPool': 'UserPoolName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::CloudWatch::Alarm': 'AlarmName',
    };
    for (const [type, prop] of Object.entries(nameProps)) {
      const resources = Object.values(template.findResources(type)) as Resource[];
      expect(resources.length, type).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.Properties?.[prop], `${type}.${prop}`).toBeUndefined();
    }
  });
});

describe('Cognito', () => {
  it('is invitation-only, signs in by email, and carries the scope attribute', () => {
    expect(`custom:${SCOPE_ATTRIBUTE}`).toBe(SCOPE_CLAIM);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
      Schema: Match.arrayWith([
        Match.objectLike({
          Name: SCOPE_ATTRIBUTE,
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '1', MaxLength: String(MAX_SCOPE_LENGTH) },
        }),
      ]),
    });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('has one group per role', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    for (const role of ROLES) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role, UserPoolId: { Ref: poolId } });
    }
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
  });

  it('lets each client read the scope claim but never write it (a user must not widen their own scope)', () => {
    for (const kind of ['api', 'console'] as const) {
      const [, client] = clientOf(kind);
      expect(client.Properties.GenerateSecret).toBe(false);
      expect(client.Properties.ReadAttributes).toContain(SCOPE_CLAIM);
      expect(client.Properties.WriteAttributes).toBeDefined();
      expect(client.Properties.WriteAttributes).not.toContain(SCOPE_CLAIM);
    }
  });

  it("gives the console a hosted UI: a domain, and a client with the code grant (PKCE, no secret) back to the console", () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [apiId] = only('AWS::ApiGatewayV2::Api');
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.UserPoolId).toEqual({ Ref: poolId });
    expect(JSON.stringify(domain.Properties.Domain)).toMatch(/luanchuyen-[0-9a-f]{8}-/);
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::AccountId');
    const [, client] = clientOf('console');
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email']),
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
    });
    expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    const urls = JSON.stringify([client.Properties.CallbackURLs, client.Properties.LogoutURLs]);
    expect(urls).toContain(JSON.stringify({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }));
    expect(urls).toContain('/console/auth/callback');
    expect(urls).toContain('/console/signed-out');
  });

  it('takes the hosted UI domain prefix from context when given', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], cognitoDomainPrefix: 'skhcn-luanchuyen' } });
    const stack = createStack(app, 'Prefixed', { env: { account: '123456789012', region: 'ap-southeast-1' }, mailFrom: 'a@b.vn' });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'skhcn-luanchuyen' });
  });

  it('tells the API function how the console signs in, and both functions where the console is', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [consoleClientId] = clientOf('console');
    const api = (template.findResources('AWS::Lambda::Function')[functionOf('luanchuyen-api')] as Resource).Properties.Environment.Variables;
    expect(api.COGNITO_CLIENT_ID).toEqual({ Ref: consoleClientId });
    expect(JSON.stringify(api.COGNITO_DOMAIN)).toContain('.auth.ap-southeast-1.amazoncognito.com');
    expect(JSON.stringify(api.COGNITO_ISSUER)).toContain('https://cognito-idp.ap-southeast-1.');
    expect(JSON.stringify(api.COGNITO_ISSUER)).toContain(JSON.stringify({ Ref: poolId }));
    const alerts = (template.findResources('AWS::Lambda::Function')[functionOf('luanchuyen-alerts')] as Resource).Properties.Environment.Variables;
    const [apiId] = only('AWS::ApiGatewayV2::Api');
    for (const env of [api, alerts])
      expect(env.CONSOLE_URL).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/console']] });
  });
});

describe('HTTP API', () => {
  it('verifies Cognito ID tokens: issuer is the user pool, audience the client', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = clientOf('api');
    const issuer = new Capture();
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: issuer },
    });
    const parts = JSON.stringify(issuer.asObject());
    expect(parts).toContain('https://cognito-idp.ap-southeast-1.amazonaws.com/');
    expect(parts).toContain(JSON.stringify({ Ref: poolId }));
  });

  it("leaves only the contract's public routes and the console (its own session) open; everything else under /v1 needs the JWT", () => {
    const [authorizerId] = only('AWS::ApiGatewayV2::Authorizer');
    const publicRoutes = PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`);
    // The contract names health, the OpenAPI document and the docs page, and nothing else.
    expect(publicRoutes.sort()).toEqual(['GET /docs', 'GET /docs/{proxy+}', 'GET /v1/health', 'GET /v1/openapi.json']);
    for (const routeKey of publicRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'NONE' });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/{proxy+}',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
    const sessionRoutes = SESSION_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(sessionRoutes.sort()).toEqual(['ANY /console', 'ANY /console/{proxy+}']);
    for (const routeKey of sessionRoutes)
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'NONE' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const unprotected = routes.filter((r) => r.Properties.AuthorizationType !== 'JWT').map((r) => r.Properties.RouteKey);
    expect(unprotected.sort()).toEqual([...publicRoutes, ...sessionRoutes].sort());
  });

  it('serves a throttled, auto-deployed default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
        ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('alarms and outputs', () => {
  it('alarm on Lambda errors and throttles and on HTTP API 5xx, notifying the topic', () => {
    const [topicId] = only('AWS::SNS::Topic');
    const functionId = functionOf('luanchuyen-api');
    const [apiId] = only('AWS::ApiGatewayV2::Api');
    const common = {
      Threshold: 1,
      EvaluationPeriods: 1,
      Period: 300,
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    };
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...common,
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
    });
  });

  it('outputs what a client and an operator need', () => {
    for (const name of ['ApiUrl', 'ConsoleUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']) {
      template.hasOutput(name, { Value: Match.anyValue() });
    }
    const [tableId] = only('AWS::DynamoDB::Table');
    template.hasOutput('TableName', { Value: { Ref: tableId } });
  });
});

describe('the alert job', () => {
  it('runs on Node.js 22 / arm64 from functions/alerts.ts with the table and the sender, built like the API', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const fn = template.findResources('AWS::Lambda::Function')[functionOf('luanchuyen-alerts')] as Resource;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 300, MemorySize: 512 });
    expect(fn.Properties.FunctionName).toBeUndefined();
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      MAIL_FROM: 'canhbao@skhcn.example.gov.vn',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) } });
  });

  it('is scheduled daily at 08:00 Asia/Ho_Chi_Minh, with retries and a dead-letter queue', () => {
    const [queueId, queue] = only('AWS::SQS::Queue');
    expect(queue.Properties.QueueName).toBeUndefined();
    const [, schedule] = only('AWS::Scheduler::Schedule');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [functionOf('luanchuyen-alerts'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      },
    });
    expect(schedule.Properties.Name).toBeUndefined();
    // A run that fails is retried by Lambda, then lands in the same queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionOf('luanchuyen-alerts') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it("alarms on the alert function's errors and on anything in the dead-letter queue", () => {
    const [topicId] = only('AWS::SNS::Topic');
    const [queueId] = only('AWS::SQS::Queue');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionOf('luanchuyen-alerts') } }],
      Threshold: 1,
      AlarmActions: [{ Ref: topicId }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('sends as the SES identity from context, allowed ses:SendEmail on that identity alone', () => {
    const [identityId] = only('AWS::SES::EmailIdentity');
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'canhbao@skhcn.example.gov.vn' });
    for (const service of ['luanchuyen-alerts', 'luanchuyen-api']) {
      const ses = statementsOf(functionOf(service)).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ses:')));
      expect(ses, service).toHaveLength(1);
      expect(ses[0].Action).toBe('ses:SendEmail');
      expect(ses[0].Effect).toBe('Allow');
      const resource = JSON.stringify(ses[0].Resource);
      expect(resource).not.toContain('"*"');
      expect(resource).toContain(':ses:ap-southeast-1:123456789012:identity/');
      expect(resource).toContain(JSON.stringify({ Ref: identityId }));
    }
  });

  it('reads and writes only the table and its indexes', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const dynamo = statementsOf(functionOf('luanchuyen-alerts')).filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.length).toBeGreaterThan(0);
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const indexArns = TABLE.indexes.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i.indexName}`]] }));
    for (const statement of dynamo)
      for (const resource of [statement.Resource].flat()) expect([tableArn, ...indexArns]).toContainEqual(resource);
  });

  it('stands in a placeholder sender, with a warning, when no mailFrom is given', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const stack = createStack(app, 'NoSender', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    const synthesized = Template.fromStack(stack);
    synthesized.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'canh-bao@example.invalid' });
    const warnings = app.synth().getStackByName('NoSender').messages.filter((m) => m.level === 'warning');
    expect(warnings.map((m) => String(m.entry.data))).toEqual([expect.stringContaining('-c mailFrom=')]);
  });
});
