/**
 * LuanchuyenStack: the table, the Cognito user pool, the API Lambda behind an HTTP API, and alarms.
 * Nothing carries a hard-coded physical name, so a second copy of the stack (another account, region or stage)
 * deploys beside the first. Another function joins as one more construct plus `alarms.addFunctionAlarms`.
 */
import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { DataTable } from './constructs/data-table';

export interface LuanchuyenStackProps extends StackProps {
  /** Subscribed to the alarm topic when given. */
  alarmEmail?: string;
  /** HTTP API default-stage limits; see DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
}

export class LuanchuyenStack extends Stack {
  readonly data: DataTable;
  readonly auth: Auth;
  readonly api: Api;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: LuanchuyenStackProps = {}) {
    super(scope, id, {
      description: 'luanchuyen: tenure, assessment and rotation tracking for provincial civil service HR offices',
      ...props,
    });
    Tags.of(this).add('project', 'luanchuyen');

    this.data = new DataTable(this, 'Data');
    this.auth = new Auth(this, 'Auth');
    this.api = new Api(this, 'Api', {
      table: this.data.table,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.userPoolClient,
      throttle: props.throttle,
    });
    this.alarms = new Alarms(this, 'Alarms', { alarmEmail: props.alarmEmail });
    this.alarms.addFunctionAlarms('ApiFunction', this.api.function);
    this.alarms.addHttpApiAlarms('HttpApi', this.api.httpApi);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL; the API lives under /v1, docs at /docs' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.auth.userPoolClient.userPoolClientId,
      description: 'Sign in with this client (SRP) and send the ID token as Authorization: Bearer',
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}

/** Builds the stack on an app; the CLI entry (infra/app.ts) and the tests share it. */
export function createStack(scope: Construct, id = 'LuanchuyenStack', props?: LuanchuyenStackProps): LuanchuyenStack {
  return new LuanchuyenStack(scope, id, props);
}
