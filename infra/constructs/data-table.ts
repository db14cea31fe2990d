/**
 * The single DynamoDB table, built from the same TABLE definition that DynamoDB Local and the tests use
 * (shared/adapters/dynamo/table.ts), so the keys and indexes in AWS cannot drift from the ones the code was tested on.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamo/table';

/**
 * The item-level actions a function may be granted. TransactWriteItems has no IAM action of its own: each Put,
 * Update, Delete or ConditionCheck inside a transaction needs PutItem, UpdateItem, DeleteItem or ConditionCheckItem.
 * Scan, the stream actions and table management are not on the list: no function of the stack uses them.
 */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchWriteItem';

export interface DataTableProps {
  /** The customer-managed key the table is encrypted with. */
  key: IKey;
}

export class DataTable extends Construct {
  readonly table: Table;
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    this.key = props.key;

    // No tableName: CloudFormation picks the physical name, so a second stack can deploy beside this one.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      // The table holds personnel records and their audit trail: neither a stack delete nor a replacement
      // may take it away.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // The indexes are overloaded by access pattern; ALL keeps every pattern a single query, no fetch-back.
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /**
   * Exactly `actions` on the table, `dynamodb:Query` on each index by name (only when Query is among them), and the
   * key use DynamoDB needs to read and write an encrypted table, only through DynamoDB of this region.
   */
  grantItems(grantee: IGrantable, actions: readonly TableAction[]): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.table.tableArn] }));
    if (actions.includes('dynamodb:Query'))
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: TABLE.indexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`),
        }),
      );
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.table.stack.region}.amazonaws.com` } },
      }),
    );
  }
}
