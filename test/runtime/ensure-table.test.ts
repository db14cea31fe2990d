/**
 * ensureTable builds the local/test table from the same definition as the CDK table, and running it again (a
 * second `npm start` on old data) changes nothing.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamo/ensure-table';
import { TABLE } from '../../shared/adapters/dynamo/table';
import { createTestTable } from '../support/dynamo';

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  ({ client, tableName } = await createTestTable());
});

async function shape(name: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  return {
    status: Table?.TableStatus,
    keys: Table?.KeySchema,
    indexes: (Table?.GlobalSecondaryIndexes ?? [])
      .map((i) => ({ name: i.IndexName, keys: i.KeySchema?.map((k) => k.AttributeName), status: i.IndexStatus }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    ttl: ttl.TimeToLiveDescription,
  };
}

const expectedIndexes = TABLE.indexes.map((i) => ({
  name: i.indexName,
  keys: [i.partitionKey, i.sortKey],
  status: 'ACTIVE',
}));

describe('ensureTable', () => {
  it('creates the table with the keys, every index of the definition and TTL on expiresAt', async () => {
    expect(await shape(tableName)).toEqual({
      status: 'ACTIVE',
      keys: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      indexes: expectedIndexes,
      ttl: { AttributeName: TABLE.ttlAttribute, TimeToLiveStatus: 'ENABLED' },
    });
  });

  it('is idempotent: a second and a concurrent call report "exists" and change nothing', async () => {
    const before = await shape(tableName);
    expect(await Promise.all([ensureTable(client, tableName), ensureTable(client, tableName)])).toEqual([
      'exists',
      'exists',
    ]);
    expect(await shape(tableName)).toEqual(before);
  });

  it('reports "created" exactly once when two callers race to create the same table', async () => {
    const name = `${tableName}-race`;
    const outcomes = await Promise.all([ensureTable(client, name), ensureTable(client, name)]);
    expect(outcomes.sort()).toEqual(['created', 'exists']);
    expect((await shape(name)).ttl?.TimeToLiveStatus).toBe('ENABLED');
  });

  // Index backfill on DynamoDB Local takes a while per index, far longer when the machine is busy.
  it('adds indexes that an older local table lacks, keeping it', { timeout: 600_000 }, async () => {
    const name = `${tableName}-old`;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    );
    expect(await ensureTable(client, name)).toBe('exists');
    const after = await shape(name);
    expect(after.indexes).toEqual(expectedIndexes);
    expect(after.ttl?.TimeToLiveStatus).toBe('ENABLED');
  });
});
