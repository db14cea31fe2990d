/**
 * The alert job in AWS: its Lambda (functions/alerts.ts, built by the same nodeFunction factory as the API), an
 * EventBridge Scheduler schedule that invokes it daily at 08:00 Asia/Ho_Chi_Minh (the monthly digest is decided inside
 * the job), a dead-letter queue for invocations that never succeed, and the SES email identity mail is sent as.
 *
 * Failures land in the queue two ways: the scheduler could not invoke the function (after its retries), or the
 * function failed (a crash, or a mail refused, which it reports by throwing after recording the run) on its last
 * asynchronous attempt. A failed run loses nothing: its notices stay pending and the next run sends them.
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { nodeFunction } from './node-function';

/** The alert Lambda's source, from the repository root. */
export const ALERTS_ENTRY = 'functions/alerts.ts';

/** Daily at 08:00 in Vietnam: the job runs as of that day. */
export const ALERT_SCHEDULE = { minute: '0', hour: '8', timeZone: TimeZone.ASIA_HO_CHI_MINH } as const;

export interface AlertsProps {
  table: ITable;
  /** The sender address: an SES email identity is created for it (its owner confirms it once). */
  mailFrom: string;
  /** The customer-managed key the dead-letter queue is encrypted with (the events name the run, not people). */
  key: IKey;
  /** The console's address (the API's endpoint + /console): the mails link to its pages. */
  consoleUrl?: string;
}

export class Alerts extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;
  readonly sender: EmailIdentity;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.sender = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.mailFrom) });

    ({ function: this.function, logGroup: this.logGroup } = nodeFunction(this, 'Function', {
      entry: ALERTS_ENTRY,
      description: 'luanchuyen alert job: tenure thresholds to HR, the monthly digest to leadership',
      serviceName: 'luanchuyen-alerts',
      memorySize: 512,
      // A run reads only what crossed a threshold; minutes leave room for a first run's catch-up. The claims' lease
      // (15 minutes, shared/use-cases/run-alerts.ts) must stay longer than this.
      timeout: Duration.minutes(5),
      environment: {
        TABLE_NAME: props.table.tableName,
        MAIL_FROM: props.mailFrom,
        ...(props.consoleUrl ? { CONSOLE_URL: props.consoleUrl } : {}),
      },
    }));
    // Its table access is granted by the stack (ALERT_TABLE_ACTIONS in infra/stack.ts).
    this.grantSend(this.function);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue (of the schedule and of the function\'s asynchronous invocations); a dead-letter queue of its own would only move the same events once more',
    });
    // Sending to the DLQ puts the function's events through the queue's KMS key; CDK's grant for that names the
    // KMS actions with wildcards (kms:GenerateDataKey*, kms:ReEncrypt*), on this one key only.
    Validations.of(this.function.role!).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Granted by queue.grantSendMessages for the KMS-encrypted dead-letter queue, on the stack key alone',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Granted by queue.grantSendMessages for the KMS-encrypted dead-letter queue, on the stack key alone',
      },
    );

    // The schedule's own role: invoke this function, send to the (encrypted) dead-letter queue, nothing else.
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'luanchuyen alert schedule: invokes the alert function',
    });
    scheduleRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on this function and its versions (ARN:*), as the scheduler target grants it; no other function',
    });

    // The scheduler invokes asynchronously: a run that fails is retried twice by Lambda (its pending notices first),
    // then the event is kept in the queue for an operator.
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    this.schedule = new Schedule(this, 'Daily', {
      description: 'luanchuyen alert job, daily at 08:00 Asia/Ho_Chi_Minh',
      schedule: ScheduleExpression.cron(ALERT_SCHEDULE),
      target: new LambdaInvoke(this.function, {
        role: scheduleRole,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /** `ses:SendEmail` on the sender identity alone: the alert function, and the API (POST /v1/alerts/run runs there). */
  grantSend(grantee: IGrantable): void {
    this.sender.grant(grantee, 'ses:SendEmail');
  }
}
