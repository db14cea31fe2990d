/**
 * The stack's security properties, on the synthesized template: cdk-nag's AwsSolutions rules, the explicit region,
 * the customer-managed KMS key, least-privilege grants, throttling, reserved concurrency, the optional WAF rule and
 * Cognito MFA. Two stacks are synthesized, once each: the defaults, and one with every option set. Bundling is
 * skipped (bundle.test.ts builds the packages).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_THROTTLE, DEFAULT_THROTTLE } from '../../infra/constructs/api';
import { DEFAULT_REGION, readSettings, resolveRegion, SettingsError } from '../../infra/settings';
import { ALERT_TABLE_ACTIONS, API_TABLE_ACTIONS, createStack, type LuanchuyenStack } from '../../infra/stack';
import { PUBLIC_ROUTES, SESSION_ROUTES } from '../../shared/auth-contract';

/** Every route API Gateway passes on without its JWT authorizer: the public ones and the console's. */
const UNAUTHORIZED_ROUTES = [...PUBLIC_ROUTES, ...SESSION_ROUTES];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context as Record<
  string,
  unknown
>;
const noBundling = { ...cdkContext, 'aws:cdk:bundling-stacks': [] };
const ENV = { account: '123456789012', region: DEFAULT_REGION };

let stack: LuanchuyenStack;
let template: Template;
/** Every option set, the region from context as infra/app.ts reads it, and a public route added after the stack. */
let optioned: LuanchuyenStack;
let optionedTemplate: Template;

beforeAll(() => {
  const app = new App({ context: noBundling });
  stack = createStack(app, 'SecureStack', { env: ENV, mailFrom: 'canhbao@skhcn.example.gov.vn' });
  template = Template.fromStack(stack);

  const context: Record<string, unknown> = {
    ...noBundling,
    region: 'eu-west-1',
    wafRateLimit: '500',
    apiReservedConcurrency: '20',
    alertsReservedConcurrency: '1',
    publicRateLimit: '5',
  };
  const settings = readSettings((key) => context[key], { CDK_DEFAULT_REGION: 'us-east-1' });
  const optionApp = new App({ context });
  optioned = createStack(optionApp, 'OptionStack', {
    env: { account: ENV.account, region: settings.region },
    mailFrom: 'canhbao@skhcn.example.gov.vn',
    reservedConcurrency: settings.reservedConcurrency,
    publicThrottle: settings.publicThrottle,
    wafRateLimit: settings.wafRateLimit,
  });
  // As the console adds its page: a route without the authorizer, added by another construct.
  optioned.api.httpApi.addRoutes({
    path: '/console',
    methods: [HttpMethod.GET],
    integration: new HttpLambdaIntegration('Console', optioned.api.function),
    authorizer: new HttpNoneAuthorizer(),
  });
  optionedTemplate = Template.fromStack(optioned);
}, 120_000);

function resources(t: Template, type: string): [string, Resource][] {
  return Object.entries(t.findResources(type)) as [string, Resource][];
}

function only(t: Template, type: string): [string, Resource] {
  const found = resources(t, type);
  expect(found, type).toHaveLength(1);
  return found[0];
}

function functionOf(t: Template, service: string): string {
  const found = resources(t, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  expect(found, service).toHaveLength(1);
  return found[0][0];
}

/** Every statement of every IAM policy attached to the function's role. */
function statementsOf(t: Template, functionId: string): any[] {
  const role = (t.findResources('AWS::Lambda::Function')[functionId] as Resource).Properties.Role['Fn::GetAtt'][0];
  return resources(t, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
}

const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat() as string[]);

/** Acknowledged cdk-nag rules (id and reason) on every construct under `scope`. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Recorded as { '<namespace>::<rule id>': reason }.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^.*?::(?=AwsSolutions-)/, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, in the default stack and with every option on', () => {
    const findings = (s: Stack) =>
      new AwsSolutionsChecks()
        .validateScope(s)
        .violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    // Warnings count too: every one is fixed or acknowledged with a reason.
    expect(findings(stack)).toEqual([]);
    // The optioned stack's only finding is the /console route this test added without an acknowledgement.
    expect(findings(optioned)).toEqual(['error AwsSolutions-APIG4 at OptionStack/Api/HttpApi/GET--console/Resource']);
  });

  it('gives each acknowledgement a reason of its own, on the resource it concerns', () => {
    const acks = acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'));
    const ids = [...new Set(acks.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    console.log(`cdk-nag: ${acks.length} acknowledgements of ${ids.length} rules (${ids.join(', ')})`);
    expect(ids).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG2', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-SQS3']);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(40);
      // Never acknowledged for the whole stack: each sits on its resource.
      expect(ack.path, ack.id).not.toBe(stack.node.path);
    }
    // APIG4 (no authorization) is acknowledged for the contract's public and console routes and for nothing else.
    const publicAcks = acks.filter((a) => a.id === 'AwsSolutions-APIG4');
    expect(publicAcks).toHaveLength(UNAUTHORIZED_ROUTES.length);
  });

  it('does report what it should (the check is live): an unencrypted queue and a route added without acknowledgement', () => {
    const app = new App({ context: noBundling });
    const bare = new Stack(app, 'Bare', { env: ENV });
    new Queue(bare, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    const rules = new AwsSolutionsChecks().validateScope(bare).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-SQS4');

    // The optioned stack's /console route has no acknowledgement: nag flags it, so a public route is never silent.
    const report = new AwsSolutionsChecks().validateScope(optioned.api.httpApi);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-APIG4']);
  });
});

describe('region', () => {
  const context = (values: Record<string, unknown>) => (key: string) => values[key];

  it('defaults to ap-southeast-1, ignoring the us-east-1 the CDK CLI puts in CDK_DEFAULT_REGION', () => {
    expect(resolveRegion(context({}), {})).toBe('ap-southeast-1');
    expect(resolveRegion(context({}), { CDK_DEFAULT_REGION: 'us-east-1' })).toBe('ap-southeast-1');
  });

  it('takes -c region first, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'us-west-2' };
    expect(resolveRegion(context({ region: 'ap-northeast-1' }), env)).toBe('ap-northeast-1');
    expect(resolveRegion(context({}), env)).toBe('eu-central-1');
    expect(resolveRegion(context({}), { AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-west-2');
  });

  it('refuses what is not a region code, and bad numbers in context', () => {
    expect(() => resolveRegion(context({ region: 'singapore' }), {})).toThrow(SettingsError);
    expect(() => resolveRegion(context({ region: 'ap-southeast-1; rm' }), {})).toThrow(/region code/);
    expect(() => readSettings(context({ wafRateLimit: '5' }), {})).toThrow(/wafRateLimit/);
    expect(() => readSettings(context({ apiReservedConcurrency: 'many' }), {})).toThrow(/apiReservedConcurrency/);
  });

  it('puts every regional ARN and endpoint of the template in the chosen region', () => {
    expect(stack.region).toBe('ap-southeast-1');
    expect(optioned.region).toBe('eu-west-1');
    const text = JSON.stringify(optionedTemplate.toJSON());
    expect(text).toContain('cognito-idp.eu-west-1.amazonaws.com');
    expect(text).toContain(':ses:eu-west-1:123456789012:identity/');
    expect(text).toContain('logs.eu-west-1.amazonaws.com');
    expect(text).not.toMatch(/us-east-1|ap-southeast-1/);
  });

  it('comes out in ap-southeast-1 from infra/app.ts on a machine with no AWS configuration', { timeout: 120_000 }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'luanchuyen-app-'));
    try {
      // What `npm run synth` gives the app when nothing is configured: the CLI's fallback region, no account.
      execFileSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: new URL('../../', import.meta.url),
        env: {
          PATH: process.env.PATH,
          HOME: outdir,
          CDK_OUTDIR: outdir,
          CDK_DEFAULT_REGION: 'us-east-1',
          CDK_CONTEXT_JSON: JSON.stringify(noBundling),
        },
        stdio: 'pipe',
        timeout: 110_000,
      });
      const file = readdirSync(outdir).find((f) => f.endsWith('.template.json'));
      const synthesized = readFileSync(join(outdir, file!), 'utf8');
      expect(synthesized).toContain('logs.ap-southeast-1.amazonaws.com');
      expect(synthesized).toContain('cognito-idp.ap-southeast-1.amazonaws.com');
      expect(synthesized).not.toContain('us-east-1');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('customer-managed KMS key', () => {
  it('is one key with yearly rotation, kept when the stack goes (the table needs it)', () => {
    const [, key] = only(template, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('encrypts the table, every log group, the alarm topic and the dead-letter queue', () => {
    const [keyId] = only(template, 'AWS::KMS::Key');
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
    });
    const groups = resources(template, 'AWS::Logs::LogGroup');
    // Three functions' logs and the API access logs.
    expect(groups.length).toBe(4);
    for (const [id, group] of groups) expect(group.Properties.KmsKeyId, id).toEqual(keyArn);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: keyArn });
  });

  it("lets this region's CloudWatch Logs use it for this account's log groups only, and alarms publish to the topic", () => {
    const [, key] = only(template, 'AWS::KMS::Key');
    const statements = key.Properties.KeyPolicy.Statement as any[];
    const logs = statements.find((s) => s.Principal?.Service === 'logs.ap-southeast-1.amazonaws.com');
    expect(logs).toBeDefined();
    expect(logs.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-southeast-1:123456789012:log-group:*' },
    });
    const alarms = statements.find((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(alarms.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(alarms.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });

  it('lets the schedule put failed events into the encrypted dead-letter queue', () => {
    const [keyId] = only(template, 'AWS::KMS::Key');
    const [, schedule] = only(template, 'AWS::Scheduler::Schedule');
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const statements = resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'sqs.ap-southeast-1.amazonaws.com' } },
      }),
    );
  });
});

describe('least privilege', () => {
  const forbidden = [
    'dynamodb:Scan',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:DescribeStream',
    'dynamodb:ListStreams',
    'dynamodb:DeleteTable',
    'dynamodb:*',
  ];

  it('grants each function exactly the DynamoDB actions it calls, and no Scan or stream action to anyone', () => {
    const api = actionsOf(statementsOf(template, functionOf(template, 'luanchuyen-api'))).filter((a) =>
      a.startsWith('dynamodb:'),
    );
    const alerts = actionsOf(statementsOf(template, functionOf(template, 'luanchuyen-alerts'))).filter((a) =>
      a.startsWith('dynamodb:'),
    );
    expect([...new Set(api)].sort()).toEqual([...API_TABLE_ACTIONS].sort());
    expect([...new Set(alerts)].sort()).toEqual([...ALERT_TABLE_ACTIONS].sort());
    // The alert job writes one item at a time or in transactions: no batch writes, no deletes.
    expect(alerts).not.toContain('dynamodb:BatchWriteItem');
    expect(alerts).not.toContain('dynamodb:DeleteItem');

    const everything = resources(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
      actionsOf(p.Properties.PolicyDocument.Statement),
    );
    for (const action of forbidden) expect(everything, action).not.toContain(action);
  });

  it('gives index access as Query on each named index, never index/*', () => {
    const [tableId] = only(template, 'AWS::DynamoDB::Table');
    const text = JSON.stringify(template.toJSON().Resources);
    expect(text).not.toContain('/index/*');
    const statements = statementsOf(template, functionOf(template, 'luanchuyen-api'));
    const onIndexes = statements.filter((s) => JSON.stringify(s.Resource).includes('/index/'));
    expect(onIndexes).toHaveLength(1);
    expect(onIndexes[0].Action).toBe('dynamodb:Query');
    expect(onIndexes[0].Resource).toContainEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/GSI1']],
    });
  });

  it('lets the functions use the key only through DynamoDB (and the alert function to send to its queue)', () => {
    const [keyId] = only(template, 'AWS::KMS::Key');
    for (const service of ['luanchuyen-api', 'luanchuyen-alerts']) {
      const kms = statementsOf(template, functionOf(template, service)).filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('kms:')),
      );
      const viaDynamo = kms.find((s) => s.Condition?.StringEquals?.['kms:ViaService'] === 'dynamodb.ap-southeast-1.amazonaws.com');
      expect(viaDynamo?.Action, service).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
      for (const statement of kms) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
  });

  it('uses no AWS managed policy: each function writes to its own log group only', () => {
    for (const [id, role] of resources(template, 'AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    for (const service of ['luanchuyen-api', 'luanchuyen-alerts', 'luanchuyen-pre-token']) {
      const fnId = functionOf(template, service);
      const group = (template.findResources('AWS::Lambda::Function')[fnId] as Resource).Properties.LoggingConfig.LogGroup.Ref;
      const logs = statementsOf(template, fnId).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logs, service).toEqual([
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [group, 'Arn'] } },
      ]);
    }
  });
});

describe('throttling and concurrency', () => {
  it('gives each public route a small budget of its own and leaves the signed-in API the stage default', () => {
    const [, stage] = only(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
    });
    const budget = {
      ThrottlingRateLimit: DEFAULT_PUBLIC_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_PUBLIC_THROTTLE.burstLimit,
    };
    expect(stage.Properties.RouteSettings).toEqual(
      Object.fromEntries(UNAUTHORIZED_ROUTES.map((r) => [`${r.method} ${r.path}`, budget])),
    );
    expect(DEFAULT_PUBLIC_THROTTLE.rateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
    // API Gateway refuses settings for a route it does not have yet: the stage is created after those routes.
    const [stageId] = only(template, 'AWS::ApiGatewayV2::Stage');
    const dependsOn = (template.toJSON().Resources[stageId].DependsOn ?? []) as string[];
    const publicRouteIds = resources(template, 'AWS::ApiGatewayV2::Route')
      .filter(([, r]) => r.Properties.AuthorizationType === 'NONE')
      .map(([id]) => id);
    expect(publicRouteIds).toHaveLength(UNAUTHORIZED_ROUTES.length);
    expect(dependsOn).toEqual(expect.arrayContaining(publicRouteIds));
  });

  it('also throttles a public route added later by another construct, with the limits from context', () => {
    const [, stage] = only(optionedTemplate, 'AWS::ApiGatewayV2::Stage');
    const budget = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: DEFAULT_PUBLIC_THROTTLE.burstLimit };
    expect(stage.Properties.RouteSettings['GET /console']).toEqual(budget);
    expect(stage.Properties.RouteSettings['GET /v1/health']).toEqual(budget);
    expect(stage.Properties.RouteSettings['ANY /v1/{proxy+}']).toBeUndefined();
    const [stageId] = only(optionedTemplate, 'AWS::ApiGatewayV2::Stage');
    const [consoleRouteId] = resources(optionedTemplate, 'AWS::ApiGatewayV2::Route').find(
      ([, r]) => r.Properties.RouteKey === 'GET /console',
    )!;
    expect(optionedTemplate.toJSON().Resources[stageId].DependsOn).toContain(consoleRouteId);
  });

  it('reserves no concurrency by default (a fresh account may have none to spare) and what context asks for', () => {
    for (const service of ['luanchuyen-api', 'luanchuyen-alerts'])
      expect(
        (template.findResources('AWS::Lambda::Function')[functionOf(template, service)] as Resource).Properties
          .ReservedConcurrentExecutions,
      ).toBeUndefined();
    const reserved = (service: string) =>
      (optionedTemplate.findResources('AWS::Lambda::Function')[functionOf(optionedTemplate, service)] as Resource)
        .Properties.ReservedConcurrentExecutions;
    expect(reserved('luanchuyen-api')).toBe(20);
    expect(reserved('luanchuyen-alerts')).toBe(1);
  });
});

describe('WAF', () => {
  it('is off unless -c wafRateLimit is given', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  it('blocks a client IP above the rate, on the user pool (WAF cannot attach to an HTTP API)', () => {
    const [aclId] = only(optionedTemplate, 'AWS::WAFv2::WebACL');
    const [poolId] = only(optionedTemplate, 'AWS::Cognito::UserPool');
    optionedTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        }),
      ],
    });
    optionedTemplate.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });
});

describe('Cognito', () => {
  it('offers TOTP MFA (no SMS), asks for strong passwords and blocks risky sign-ins', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('runs the MFA gate before every token (version 2: ID and access tokens), allowed to read only this pool', () => {
    const [poolId, pool] = only(template, 'AWS::Cognito::UserPool');
    const gate = functionOf(template, 'luanchuyen-pre-token');
    expect(pool.Properties.LambdaConfig.PreTokenGenerationConfig).toEqual({
      LambdaArn: { 'Fn::GetAtt': [gate, 'Arn'] },
      LambdaVersion: 'V2_0',
    });
    const statements = statementsOf(template, gate).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
    expect(statements).toEqual([
      { Action: 'cognito-idp:AdminGetUser', Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
    ]);
  });
});
