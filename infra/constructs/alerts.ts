/**
 * The alert job in AWS: its Lambda (functions/alerts.ts, built by the same nodeFunction factory as the API), an
 * EventBridge Scheduler schedule that invokes it daily at 08:00 Asia/Ho_Chi_Minh (the monthly digest is decided inside
 * the job), a dead-letter queue for invocations that never succeed, and the SES email identity mail is sent as.
 *
 * Failures land in the queue two ways: the scheduler could not invoke the function (after its retries), or the
 * function failed (a crash, or a mail refused, which it reports by throwing after recording the run) on its last
 * asynchronous attempt. A failed run loses nothing: its notices stay pending and the next run sends them.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
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
    props.table.grantReadWriteData(this.function);
    this.grantSend(this.function);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
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
