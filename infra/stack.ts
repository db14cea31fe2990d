/**
 * LuanchuyenStack: the KMS key, the table, the Cognito user pool (with its MFA trigger and the console's hosted UI),
 * the API Lambda behind an HTTP API (which also serves the console), the alert job (its Lambda on an EventBridge
 * Scheduler schedule, a dead-letter queue, the SES sender identity), alarms, and optionally a WAF rate rule. Each
 * function is granted the table actions it calls, no more.
 * Nothing carries a hard-coded physical name, so a second copy of the stack (another account, region or stage)
 * deploys beside the first. Another function joins as one more construct plus `alarms.addFunctionAlarms`.
 */
import { Annotations, CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms';
import { Alerts } from './constructs/alerts';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { DataTable, type TableAction } from './constructs/data-table';
import { Encryption } from './constructs/encryption';
import { RateLimitAcl } from './constructs/rate-limit-acl';

/**
 * What the API function does to the table: the API Lambda runs every route of shared/http, so it reaches every store
 * of shared/adapters/dynamo. The SDK commands they send (grep `new \w+Command(` there; ensure-table.ts, read-meter.ts
 * and client.ts's ListTables serve only the local runtime and the bench):
 *   GetCommand -> GetItem; QueryCommand (table and GSIs) -> Query; BatchGetCommand -> BatchGetItem;
 *   PutCommand (idempotency, alert runs) -> PutItem; UpdateCommand (idempotency, alert notices) -> UpdateItem;
 *   DeleteCommand (idempotency release) -> DeleteItem;
 *   TransactWriteCommand with Put / Update / Delete entries -> PutItem, UpdateItem, DeleteItem, and ConditionCheck
 *   entries (the post whose facts a status item copies, and the units its new mail stamp was resolved from,
 *   official-store.ts) -> ConditionCheckItem;
 *   BatchWriteCommand (PutRequest only: a new proposal's items, proposal-store.ts) -> BatchWriteItem.
 * test/infra/table-access.test.ts reads the adapters and fails when a command appears that this list does not cover.
 */
export const API_TABLE_ACTIONS: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchWriteItem',
];

/**
 * What the alert function does: runAlerts (shared/use-cases/run-alerts.ts) through the alert, organisation, official
 * and proposal stores: GetCommand (the last-completed marker, a status item to restamp again) -> GetItem;
 * BatchGetCommand (units by key: a changed unit and the units its stamps read; a notice without a stamp) ->
 * BatchGetItem; QueryCommand (restamp tasks, pending notices, the agency list, officials due, proposals) -> Query;
 * PutCommand (a run) -> PutItem; UpdateCommand (claim, release, close notices; a status item's mail stamp; a restamp
 * task done, out of its index and left to expire) -> UpdateItem; TransactWriteCommand with Put and Update entries
 * (completing a run, notices) -> PutItem, UpdateItem.
 * Checked against a real run on DynamoDB Local in test/infra/table-access.test.ts.
 */
export const ALERT_TABLE_ACTIONS: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

export interface LuanchuyenStackProps extends StackProps {
  /** Subscribed to the alarm topic when given. */
  alarmEmail?: string;
  /** HTTP API default-stage limits; see DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
  /** The sender of alert mail (an SES email identity); default: CDK context `mailFrom`. */
  mailFrom?: string;
  /** Per-route limits of the routes that need no token; see DEFAULT_PUBLIC_THROTTLE. */
  publicThrottle?: ThrottleSettings;
  /** Lambda reserved concurrency; unset: none reserved (a fresh account may have too little to reserve any). */
  reservedConcurrency?: { api?: number; alerts?: number };
  /** When set, a WAF web ACL blocks a client IP above this many requests in 5 minutes (see RateLimitAcl). */
  wafRateLimit?: number;
  /** The console's Cognito hosted UI domain prefix; default: CDK context `cognitoDomainPrefix`, else derived. */
  cognitoDomainPrefix?: string;
}

/** Synthesizing without a sender still works (tests, `npm run synth`), with a warning; deploy with -c mailFrom=... */
export const PLACEHOLDER_MAIL_FROM = 'canh-bao@example.invalid';

export class LuanchuyenStack extends Stack {
  readonly encryption: Encryption;
  readonly data: DataTable;
  readonly auth: Auth;
  readonly api: Api;
  readonly alarms: Alarms;
  readonly alerts: Alerts;
  readonly rateLimitAcl?: RateLimitAcl;

  constructor(scope: Construct, id: string, props: LuanchuyenStackProps = {}) {
    super(scope, id, {
      description: 'luanchuyen: tenure, assessment and rotation tracking for provincial civil service HR offices',
      ...props,
    });
    Tags.of(this).add('project', 'luanchuyen');

    this.encryption = new Encryption(this, 'Encryption');
    this.data = new DataTable(this, 'Data', { key: this.encryption.key });
    const contextPrefix: unknown = this.node.tryGetContext('cognitoDomainPrefix');
    this.auth = new Auth(this, 'Auth', {
      domainPrefix: props.cognitoDomainPrefix ?? (typeof contextPrefix === 'string' && contextPrefix ? contextPrefix : undefined),
    });
    this.api = new Api(this, 'Api', {
      table: this.data.table,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.userPoolClient,
      throttle: props.throttle,
      publicThrottle: props.publicThrottle,
    });
    this.data.grantItems(this.api.function, API_TABLE_ACTIONS);
    // The console signs in through the hosted UI and comes back to the API's own address.
    const consoleClient = this.auth.addConsoleClient(this.api.endpoint);
    this.api.enableConsoleSignIn({
      domainUrl: this.auth.domain.baseUrl(),
      clientId: consoleClient.userPoolClientId,
      // As the tokens' `iss` reads (the same issuer the API's JWT authorizer checks).
      issuer: `https://cognito-idp.${this.region}.amazonaws.com/${this.auth.userPool.userPoolId}`,
    });
    const contextMailFrom: unknown = this.node.tryGetContext('mailFrom');
    const mailFrom = props.mailFrom ?? (typeof contextMailFrom === 'string' && contextMailFrom ? contextMailFrom : undefined);
    if (!mailFrom)
      Annotations.of(this).addWarningV2(
        'luanchuyen:mailFrom',
        `No sender for alert mail: deploy with -c mailFrom=<address>; ${PLACEHOLDER_MAIL_FROM} stands in and can send nothing.`,
      );
    this.alerts = new Alerts(this, 'Alerts', {
      table: this.data.table,
      mailFrom: mailFrom ?? PLACEHOLDER_MAIL_FROM,
      key: this.encryption.key,
      consoleUrl: `${this.api.endpoint}/console`,
    });
    this.data.grantItems(this.alerts.function, ALERT_TABLE_ACTIONS);
    // POST /v1/alerts/run runs the same job in the API function.
    this.alerts.grantSend(this.api.function);
    this.api.function.addEnvironment('MAIL_FROM', mailFrom ?? PLACEHOLDER_MAIL_FROM);

    reserveConcurrency(this.api.function, props.reservedConcurrency?.api);
    reserveConcurrency(this.alerts.function, props.reservedConcurrency?.alerts);
    if (props.wafRateLimit !== undefined)
      this.rateLimitAcl = new RateLimitAcl(this, 'RateLimit', {
        limit: props.wafRateLimit,
        userPoolArn: this.auth.userPool.userPoolArn,
      });

    this.alarms = new Alarms(this, 'Alarms', { alarmEmail: props.alarmEmail, key: this.encryption.key });
    this.alarms.addFunctionAlarms('ApiFunction', this.api.function);
    this.alarms.addHttpApiAlarms('HttpApi', this.api.httpApi);
    this.alarms.addFunctionAlarms('AlertFunction', this.alerts.function);
    this.alarms.addQueueDepthAlarm(
      'AlertDeadLetters',
      this.alerts.deadLetterQueue,
      'An alert run (or its schedule) failed after every retry: see the queue and GET /v1/alerts',
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL; the API lives under /v1, docs at /docs' });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `${this.api.endpoint}/console/`,
      description: "The leaders' console: sign in through the Cognito hosted UI",
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.auth.userPoolClient.userPoolClientId,
      description: 'Sign in with this client (SRP) and send the ID token as Authorization: Bearer',
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'AlertDeadLetterQueueUrl', { value: this.alerts.deadLetterQueue.queueUrl });
  }
}

function reserveConcurrency(fn: NodejsFunction, executions: number | undefined): void {
  if (executions !== undefined) (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = executions;
}

/** Builds the stack on an app; the CLI entry (infra/app.ts) and the tests share it. */
export function createStack(scope: Construct, id = 'LuanchuyenStack', props?: LuanchuyenStackProps): LuanchuyenStack {
  return new LuanchuyenStack(scope, id, props);
}
