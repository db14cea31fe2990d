/**
 * ensureTable builds the local/test table from the same definition as the CDK table, and running it again (a
 * second `npm start` on old data) changes nothing.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillDueMonthIndex, backfillUnitIndexes, ensureTable } from '../../shared/adapters/dynamo/ensure-table';
import { TABLE } from '../../shared/adapters/dynamo/table';
import { startDynamoLocal } from '../../scripts/lib/dynamo-local';
import { createTestClient, createTestTable } from '../support/dynamo';

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  ({ client, tableName } = await createTestTable());
});

async function shape(name: string, on: DynamoDBClient = client) {
  const { Table } = await on.send(new DescribeTableCommand({ TableName: name }));
  const ttl = await on.send(new DescribeTimeToLiveCommand({ TableName: name }));
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

  // DynamoDB Local never finishes adding an index to a table when the same database holds many other tables (the
  // shared test instance holds one per test file; a developer's .data holds one), so this runs on its own instance.
  it('adds indexes that an older local table lacks, keeping it', { timeout: 120_000 }, async () => {
    const own = await startDynamoLocal({});
    const ownClient = createTestClient(own.endpoint);
    try {
      const name = 'luanchuyen-old';
      await ownClient.send(
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
      expect(await ensureTable(ownClient, name)).toBe('exists');
      const after = await shape(name, ownClient);
      expect(after.indexes).toEqual(expectedIndexes);
      expect(after.ttl?.TimeToLiveStatus).toBe('ENABLED');
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });

  it("gives units written before per-agency scope resolution their agency's index entries, once", async () => {
    // A province and a department written the old way: the unit list (GSI1 UNITS) only.
    const old = (id: string, agencyId: string, ancestors: string[]) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            PK: { S: `UNIT#${id}` },
            SK: { S: '#META' },
            GSI1PK: { S: 'UNITS' },
            GSI1SK: { S: id },
            id: { S: id },
            agencyId: { S: agencyId },
            ancestors: { L: ancestors.map((a) => ({ S: a })) },
            entity: { S: 'Unit' },
          },
        }),
      );
    await old('OLD-P', 'OLD-P', []);
    await old('OLD-D', 'OLD-D', ['OLD-P']);
    await old('OLD-D-VP', 'OLD-D', ['OLD-P', 'OLD-D']);
    expect(await ensureTable(client, tableName)).toBe('exists');
    const query = async (index: string, pk: string) =>
      (
        await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index,
            KeyConditionExpression: `${index}PK = :pk`,
            ExpressionAttributeValues: { ':pk': { S: pk } },
          }),
        )
      ).Items?.map((i) => [i.id.S, i[`${index}SK`].S]);
    expect(await query('GSI2', 'AGENCY#OLD-D#UNITS')).toEqual([['OLD-D', 'OLD-D'], ['OLD-D-VP', 'OLD-D-VP']]);
    expect((await query('GSI3', 'AGENCIES'))?.filter(([id]) => id?.startsWith('OLD-'))).toEqual([
      ['OLD-P', 'OLD-P/'],
      ['OLD-D', 'OLD-P/OLD-D/'],
    ]);
    // A second start finds nothing left to do.
    expect(await backfillUnitIndexes(client, tableName)).toBe(0);
  });

  it('gives status items written before the alert run read by month their entry in the month index (pattern 30), once', async () => {
    const put = (item: Record<string, string>) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])) }));
    await put({ PK: 'UNIT#DM-A', SK: '#META', GSI3PK: 'AGENCIES', GSI3SK: 'DM-P/DM-A/', id: 'DM-A', entity: 'Unit' });
    const status = (id: string, index: Record<string, string>) => put({ PK: `OFFICIAL#${id}`, SK: 'STATUS', officialId: id, entity: 'OfficialStatus', ...index });
    // Written the old way: in the agency's due partition (pattern 6) only.
    await status('dm-old', { GSI2PK: 'AGENCY#DM-A#DUE', GSI2SK: '2027-02-14#dm-old' });
    // Written since: its keys are the builder's and stay as they are.
    await status('dm-new', { GSI2PK: 'AGENCY#DM-A#DUE', GSI2SK: '2027-02-20#dm-new', GSI1PK: 'DUE_MONTH#2027-02', GSI1SK: '2027-02-20#dm-new' });
    // Out of service: not in pattern 6, so not in pattern 30 either.
    await status('dm-left', { GSI2PK: 'AGENCY#DM-A#LEFT', GSI2SK: '2026-01-01#dm-left' });

    expect(await ensureTable(client, tableName)).toBe('exists');
    const month = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'DUE_MONTH#2027-02' } },
      }),
    );
    expect(month.Items?.map((i) => [i.officialId.S, i.GSI1SK.S])).toEqual([
      ['dm-old', '2027-02-14#dm-old'],
      ['dm-new', '2027-02-20#dm-new'],
    ]);
    // A second start finds nothing left to do.
    expect(await backfillDueMonthIndex(client, tableName)).toBe(0);
  });
});
