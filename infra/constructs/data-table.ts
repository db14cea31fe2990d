/**
 * The single DynamoDB table, built from the same TABLE definition that DynamoDB Local and the tests use
 * (shared/adapters/dynamo/table.ts), so the keys and indexes in AWS cannot drift from the ones the code was tested on.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamo/table';

export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // No tableName: CloudFormation picks the physical name, so a second stack can deploy beside this one.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
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
}
