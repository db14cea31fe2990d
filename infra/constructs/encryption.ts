/**
 * The stack's customer-managed KMS key: the table, every log group, the alarm topic and the dead-letter queue are
 * encrypted with it, so the operator (not AWS) decides who may read personnel data at rest and can see each use of
 * the key in CloudTrail. Rotated yearly by KMS. Retained with the table: a table whose key is gone is unreadable.
 *
 * The key policy lets two services use the key on the stack's behalf: CloudWatch Logs of this region (only for log
 * groups of this account and region) and CloudWatch alarms publishing to the encrypted topic. Functions get their
 * own grants in the constructs that build them.
 */
import { Aspects, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';

export class Encryption extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: 'luanchuyen: personnel data at rest (table, logs, alarm topic, dead-letter queue)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccountAndRegion',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    // An alarm's SNS action publishes to the encrypted topic as the CloudWatch service.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    // Every log group of the stack, including those a construct added later creates, is encrypted with the key.
    Aspects.of(stack).add(new EncryptLogGroups(this.key.keyArn));
  }
}

class EncryptLogGroups implements IAspect {
  constructor(private readonly keyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.keyArn;
  }
}
