/**
 * Alarms an operator must hear about: a function failing or being throttled, the HTTP API answering 5xx, and a
 * dead-letter queue holding anything (the alert job's schedule or runs that never succeeded).
 * They all notify one SNS topic; subscribe an address with the `alarmEmail` stack prop or in the console.
 * Every function adds its own with `addFunctionAlarms`.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** The window every alarm evaluates: one 5-minute period, so a single failure pages within minutes. */
export const ALARM_PERIOD = Duration.minutes(5);

export interface AlarmsProps {
  /** Optional address subscribed to the topic (it must confirm the subscription). */
  alarmEmail?: string;
  /** Encrypts the topic; its key policy must let cloudwatch.amazonaws.com publish (infra/constructs/encryption.ts). */
  key?: IKey;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'luanchuyen alarms',
      enforceSSL: true,
      masterKey: props.key,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Errors >= 1 and Throttles >= 1 in 5 minutes for one function. */
  addFunctionAlarms(id: string, fn: IFunction): void {
    this.add(`${id}Errors`, fn.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }), {
      description: `${id} Lambda returned an error or crashed`,
    });
    this.add(`${id}Throttles`, fn.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }), {
      description: `${id} Lambda was throttled: requests were refused`,
    });
  }

  /** Any 5xx answered by the HTTP API in 5 minutes (function errors, timeouts, integration failures). */
  addHttpApiAlarms(id: string, api: IHttpApi): void {
    this.add(`${id}ServerErrors`, api.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }), {
      description: `${id} HTTP API answered 5xx`,
    });
  }

  /** Any message in a dead-letter queue: something failed for good and waits for an operator. */
  addQueueDepthAlarm(id: string, queue: IQueue, description: string): void {
    this.add(`${id}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM }), {
      description,
    });
  }

  private add(id: string, metric: IMetric, options: { description: string }): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No datapoints means no traffic, not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    // Tell the operator when it clears too, so nobody investigates a problem that is already gone.
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
